namespace AtlasRestoreOperator.Sandbox.KubeEmulator; internal static class Placeholder;
