namespace AtlasRestoreOperator.Sandbox.AtlasEmulator; internal static class Placeholder;
