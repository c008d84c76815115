using System.Text.Json;
using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Integration.Tests.Support;

/// <summary>Asserts that no secret value reached a place a user or a log collector can read.</summary>
public static class SecretLeakAssertions
{
    /// <summary>The demo private key and client secret, plus <paramref name="moreSecrets"/>.</summary>
    public static async Task AssertNoSecretsLeakedAsync(this RestoreEnvironment environment, string name, params string[] moreSecrets)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string[] secrets = [DemoSeed.PrivateKey, DemoSeed.ClientSecret, .. moreSecrets];
        var restore = await environment.GetRestoreAsync(name);
        var status = restore?.Status is null ? "" : JsonSerializer.Serialize(restore.Status, EntitiesJsonContext.Default.AtlasSharedRestoreStatus);
        var events = (await environment.EventsOfAsync(name)).Select(e => $"{e.Reason}: {e.Message}").ToList();
        var logs = environment.Logs.Lines;

        // An empty place proves nothing: the operator must have logged and reported something about this restore.
        logs.Should().NotBeEmpty();
        events.Should().NotBeEmpty();
        foreach (var secret in secrets)
        {
            status.Should().NotContain(secret, "the status of {0} must never hold a secret", name);
            events.Should().NotContain(e => e.Contains(secret, StringComparison.Ordinal), "events must never hold a secret");
            logs.Should().NotContain(l => l.Contains(secret, StringComparison.Ordinal), "log lines must never hold a secret");
        }
    }
}
