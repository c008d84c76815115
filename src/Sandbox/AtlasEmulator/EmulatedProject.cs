namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>A project (group) the emulator knows.</summary>
public sealed record EmulatedProject(string Id, string Name);
