namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;

internal sealed record FlexBackupSettingsBody(bool Enabled);
