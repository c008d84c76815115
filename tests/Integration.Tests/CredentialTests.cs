using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Integration.Tests;

/// <summary>
/// Credentials as a user sees them: service-account Secrets work; a missing Secret, mixed kinds, a 401 and a 403 each
/// stall the restore (phase Pending, Stalled=True) with their own reason and a message naming the Secret, with no job
/// created; a Secret fixed afterwards is picked up. No secret value ever shows in logs, events or status.
/// </summary>
public sealed class CredentialTests : IAsyncLifetime
{
    private const string WrongPrivateKey = "00000000-wrong-4a5b-8c9d-000000000000";
    private const string ReadOnlyPublicKey = "readonly";
    private const string ReadOnlyPrivateKey = "11111111-read-only-8c9d-111111111111";
    private const string OtherProjectPublicKey = "elsewhere";
    private const string OtherProjectPrivateKey = "22222222-other-proj-8c9d-222222222222";

    private RestoreEnvironment environment = null!;

    public async Task InitializeAsync() => environment = await RestoreEnvironment.StartAsync();

    public async Task DisposeAsync() => await environment.DisposeAsync();

    [Fact]
    public async Task A_service_account_secret_restores_to_completed()
    {
        await environment.CreateSecretAsync("service-account", new Dictionary<string, string>
        {
            ["clientId"] = DemoSeed.ClientId,
            ["clientSecret"] = DemoSeed.ClientSecret,
        });
        environment.StartOperator();

        await environment.CreateRestoreAsync("sa", WithSecret("service-account"));
        var done = await environment.WaitForAsync("sa", r => r.IsTerminal());

        done.Status!.Phase.Should().Be(RestorePhase.Completed);
        done.Condition(RestoreCondition.Ready).Status.Should().Be("True");
        environment.AcceptedPosts().Should().Be(1);
        environment.JobsFor(DemoSeed.FlexTargetCluster).Should().Be(1);
        environment.Atlas.Journal.Count(AtlasOperations.IssueToken).Should().BeGreaterThan(0);
        environment.Atlas.Journal.Entries.Where(e => e.Operation == AtlasOperations.CreateFlexRestoreJob)
            .Should().ContainSingle().Which.Identity.Should().Be(DemoSeed.ClientId);
        await environment.AssertNoSecretsLeakedAsync("sa");
    }

    [Fact]
    public async Task A_missing_secret_stalls_naming_the_secret()
    {
        environment.StartOperator();

        var stalled = await ExpectCredentialStallAsync("no-secret", WithSecret("no-such-secret"), RestoreReasons.SecretNotFound);

        stalled.Message.Should().Contain("default/no-such-secret").And.Contain("publicApiKey").And.Contain("clientId");
        environment.Atlas.Journal.Entries.Should().BeEmpty("nothing can be asked of Atlas without credentials");
    }

    [Fact]
    public async Task A_secret_mixing_api_key_and_service_account_stalls_naming_the_keys()
    {
        await environment.CreateSecretAsync("mixed", new Dictionary<string, string>
        {
            ["publicApiKey"] = DemoSeed.PublicKey,
            ["privateApiKey"] = DemoSeed.PrivateKey,
            ["clientId"] = DemoSeed.ClientId,
            ["clientSecret"] = DemoSeed.ClientSecret,
        });
        environment.StartOperator();

        var stalled = await ExpectCredentialStallAsync("mixed", WithSecret("mixed"), RestoreReasons.InvalidCredentials);

        stalled.Message.Should().Contain("default/mixed").And.Contain("privateApiKey").And.Contain("clientSecret");
        environment.Atlas.Journal.Entries.Should().BeEmpty();
    }

    [Fact]
    public async Task A_wrong_private_key_stalls_as_unauthorized()
    {
        await environment.CreateApiKeySecretAsync("wrong-key", DemoSeed.PublicKey, WrongPrivateKey);
        environment.StartOperator();

        var stalled = await ExpectCredentialStallAsync("unauthorized", WithSecret("wrong-key"), RestoreReasons.Unauthorized, WrongPrivateKey);

        stalled.Message.Should().Contain("default/wrong-key").And.Contain("401");
        environment.Atlas.Journal.Entries.Should().OnlyContain(e => e.StatusCode == 401);
    }

    [Fact]
    public async Task A_key_without_a_role_in_the_project_stalls_as_forbidden_before_any_post()
    {
        environment.Atlas.State.AddApiKey(new SeedApiKey
        {
            PublicKey = OtherProjectPublicKey,
            PrivateKey = OtherProjectPrivateKey,
            ProjectRoles = new Dictionary<string, IReadOnlyList<string>> { ["0000000000000000000000bb"] = [AtlasRoles.ProjectOwner] },
        });
        await environment.CreateApiKeySecretAsync("other-project-key", OtherProjectPublicKey, OtherProjectPrivateKey);
        environment.StartOperator();

        var stalled = await ExpectCredentialStallAsync("forbidden", WithSecret("other-project-key"), RestoreReasons.Forbidden, OtherProjectPrivateKey);

        stalled.Message.Should().Contain("default/other-project-key").And.Contain(DemoSeed.ProjectId).And.Contain("403");
    }

    [Fact]
    public async Task A_read_only_key_stalls_as_forbidden_and_creates_no_job()
    {
        environment.Atlas.State.AddApiKey(new SeedApiKey
        {
            PublicKey = ReadOnlyPublicKey,
            PrivateKey = ReadOnlyPrivateKey,
            ProjectRoles = new Dictionary<string, IReadOnlyList<string>> { [DemoSeed.ProjectId] = [AtlasRoles.ProjectReadOnly] },
        });
        await environment.CreateApiKeySecretAsync("read-only-key", ReadOnlyPublicKey, ReadOnlyPrivateKey);
        environment.StartOperator();

        await environment.CreateRestoreAsync("read-only", WithSecret("read-only-key"));
        var stalled = await environment.WaitForAsync("read-only", r => r.Has(RestoreCondition.Stalled, "True"));

        // Every read is allowed to a read-only key, so only the POST itself can tell: Atlas refuses it and creates nothing.
        stalled.Status!.Phase.Should().Be(RestorePhase.Pending);
        stalled.Status.Job.Should().BeNull();
        stalled.Status.Submission.Should().BeNull();
        stalled.Condition(RestoreCondition.Stalled).Reason.Should().Be(RestoreReasons.Forbidden);
        stalled.Condition(RestoreCondition.Stalled).Message.Should().Contain("default/read-only-key").And.Contain("Project Owner");
        (await environment.WaitForEventAsync("read-only", RestoreReasons.Forbidden)).Type.Should().Be("Warning");
        environment.AcceptedPosts().Should().Be(0);
        environment.Atlas.Journal.Entries.Where(e => e.Operation == AtlasOperations.CreateFlexRestoreJob)
            .Should().NotBeEmpty().And.OnlyContain(e => e.StatusCode == 403);
        environment.JobsFor(DemoSeed.FlexTargetCluster).Should().Be(0);
        await environment.AssertNoSecretsLeakedAsync("read-only", ReadOnlyPrivateKey);
    }

    [Fact]
    public async Task A_secret_created_after_the_restore_is_picked_up_and_the_restore_completes()
    {
        environment.StartOperator();
        await ExpectCredentialStallAsync("late-secret", WithSecret("late-credentials"), RestoreReasons.SecretNotFound);

        await environment.CreateApiKeySecretAsync("late-credentials", DemoSeed.PublicKey, DemoSeed.PrivateKey);
        var done = await environment.WaitForAsync("late-secret", r => r.IsTerminal());

        done.Status!.Phase.Should().Be(RestorePhase.Completed);
        done.Condition(RestoreCondition.Stalled).Status.Should().Be("False");
        done.Condition(RestoreCondition.Ready).Status.Should().Be("True");
        environment.AttemptedPosts().Should().Be(1);
        environment.AcceptedPosts().Should().Be(1);
        environment.JobsFor(DemoSeed.FlexTargetCluster).Should().Be(1);
        await environment.AssertNoSecretsLeakedAsync("late-secret");
    }

    private static AtlasSharedRestoreSpec WithSecret(string secretName) =>
        RestoreEnvironment.FlexSpec(s => s with { ConnectionSecretRef = new SecretReference { Name = secretName } });

    /// <summary>Applies the restore and checks what a credentials problem shows; returns the Stalled condition.</summary>
    private async Task<RestoreCondition> ExpectCredentialStallAsync(string name, AtlasSharedRestoreSpec spec, string reason, params string[] secrets)
    {
        await environment.CreateRestoreAsync(name, spec);
        var stalled = await environment.WaitForAsync(name, r => r.Has(RestoreCondition.Stalled, "True"));

        // A person can fix credentials, so the restore waits in Pending rather than failing for good.
        stalled.Status!.Phase.Should().Be(RestorePhase.Pending);
        stalled.Status.Job.Should().BeNull();
        stalled.Status.ObservedGeneration.Should().Be(stalled.Metadata.Generation);
        var condition = stalled.Condition(RestoreCondition.Stalled);
        condition.Reason.Should().Be(reason);
        condition.ObservedGeneration.Should().Be(stalled.Metadata.Generation);
        stalled.Condition(RestoreCondition.Ready).Status.Should().Be("False");
        stalled.Condition(RestoreCondition.Ready).Reason.Should().Be(reason);
        stalled.Condition(RestoreCondition.Reconciling).Status.Should().Be("False");
        stalled.Condition(RestoreCondition.Submitted).Reason.Should().Be(RestoreReasons.NotSubmitted);

        var warning = await environment.WaitForEventAsync(name, reason);
        warning.Type.Should().Be("Warning");
        warning.Message.Should().Be(condition.Message);

        environment.AttemptedPosts().Should().Be(0);
        environment.JobsFor(DemoSeed.FlexTargetCluster).Should().Be(0);
        await environment.AssertNoSecretsLeakedAsync(name, secrets);
        return condition;
    }
}
