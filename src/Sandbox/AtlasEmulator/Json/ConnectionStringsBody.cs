namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;

internal sealed record ConnectionStringsBody(string Standard, string StandardSrv);
