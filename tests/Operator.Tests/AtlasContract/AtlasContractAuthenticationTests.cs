using AtlasRestoreOperator.Operator.Atlas;
using AtlasRestoreOperator.Sandbox.AtlasEmulator;

namespace AtlasRestoreOperator.Operator.Tests.AtlasContract;

/// <summary>Digest and OAuth as the emulator enforces them: challenges, nonce reuse, token reuse and expiry, wrong secrets.</summary>
public sealed class AtlasContractAuthenticationTests(AtlasContractLedger ledger) : IClassFixture<AtlasContractLedger>
{
    private const string Project = AtlasContractHarness.ProjectId;
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_service_account_token_is_fetched_once_reused_and_fetched_again_only_after_it_expires()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger, e => e with { TokenLifetime = TimeSpan.FromHours(1) });
        var account = AtlasContractHarness.ServiceAccount;
        Task<AtlasFlexCluster> Call() => h.Client.GetFlexClusterAsync(account, Project, DemoSeed.FlexSourceCluster, None);

        await Call();
        await Call();
        await Call();
        h.Journal.Count(AtlasOperations.IssueToken).Should().Be(1, "one token serves every call while it is valid");
        h.Wire.BearerTokens.Should().ContainSingle();

        // Still inside the lifetime minus the client's 60 s refresh margin: the same token.
        h.Clock.Advance(TimeSpan.FromMinutes(58));
        await Call();
        h.Journal.Count(AtlasOperations.IssueToken).Should().Be(1);

        // Past the refresh point (1 h - 60 s): a new token, used from then on.
        h.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await Call();
        await Call();
        h.Journal.Count(AtlasOperations.IssueToken).Should().Be(2);
        h.Wire.BearerTokens.Should().HaveCount(2);
        h.Authenticated(AtlasOperations.GetFlexCluster).Should().HaveCount(6).And.OnlyContain(e => e.StatusCode == 200 && e.Identity == DemoSeed.ClientId);
        h.Journal.Count(e => e.StatusCode == 401).Should().Be(0, "the client refreshes before the emulator would refuse the token");
    }

    [Fact]
    public async Task A_token_that_lives_less_than_the_refresh_margin_is_reused_for_half_its_lifetime()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger, e => e with { TokenLifetime = TimeSpan.FromSeconds(30) });
        var account = AtlasContractHarness.ServiceAccount;
        Task<AtlasFlexCluster> Call() => h.Client.GetFlexClusterAsync(account, Project, DemoSeed.FlexSourceCluster, None);

        await Call();
        await Call();
        h.Clock.Advance(TimeSpan.FromSeconds(10));
        await Call();
        h.Clock.Advance(TimeSpan.FromSeconds(4));
        await Call();
        h.Journal.Count(AtlasOperations.IssueToken).Should().Be(1, "a 30 s token is reused for 15 s although the default margin is 60 s");

        h.Clock.Advance(TimeSpan.FromSeconds(2));
        await Call();
        await Call();
        h.Journal.Count(AtlasOperations.IssueToken).Should().Be(2, "past half the lifetime a new token is fetched, then reused");
        h.Wire.BearerTokens.Should().HaveCount(2);
        h.Journal.Count(e => e.StatusCode == 401).Should().Be(0);
    }

    [Fact]
    public async Task A_token_revoked_on_the_server_is_replaced_once_after_the_401()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        var account = AtlasContractHarness.ServiceAccount;
        await h.Client.GetFlexClusterAsync(account, Project, DemoSeed.FlexSourceCluster, None);
        var first = h.Wire.BearerTokens.Should().ContainSingle().Subject;

        // Someone revokes the token the client still holds as valid (as an operator rotating credentials would).
        using (var http = new HttpClient { BaseAddress = h.Emulator.BaseUrl })
        using (var revoke = new HttpRequestMessage(HttpMethod.Post, "api/oauth/revoke"))
        {
            revoke.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(DemoSeed.ClientId + ":" + DemoSeed.ClientSecret)));
            revoke.Content = new FormUrlEncodedContent([new("token", first)]);
            (await http.SendAsync(revoke)).IsSuccessStatusCode.Should().BeTrue();
        }
        var cluster = await h.Client.GetFlexClusterAsync(account, Project, DemoSeed.FlexSourceCluster, None);

        cluster.Name.Should().Be(DemoSeed.FlexSourceCluster);
        h.Journal.Count(AtlasOperations.IssueToken).Should().Be(2);
        h.Wire.BearerTokens.Should().HaveCount(2);
        h.Journal.Entries.Where(e => e.Operation == AtlasOperations.GetFlexCluster).Select(e => e.StatusCode)
            .Should().Equal([200, 401, 200], "the refused token costs exactly one extra round trip");
    }

    [Fact]
    public async Task An_api_key_answers_one_digest_challenge_then_reuses_the_nonce_until_it_goes_stale()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger, e => e with { DigestNonceLifetime = TimeSpan.FromMinutes(5) });
        var key = AtlasContractHarness.ApiKey;
        Task<AtlasFlexCluster> Call() => h.Client.GetFlexClusterAsync(key, Project, DemoSeed.FlexSourceCluster, None);

        await Call();
        await Call();
        await Call();
        h.Journal.Count(e => e.StatusCode == 401).Should().Be(1, "only the very first request meets a challenge");

        h.Clock.Advance(TimeSpan.FromMinutes(6));
        var cluster = await Call();

        cluster.Name.Should().Be(DemoSeed.FlexSourceCluster);
        h.Journal.Count(e => e.StatusCode == 401).Should().Be(2, "the stale nonce costs one more challenge round");
        h.Authenticated(AtlasOperations.GetFlexCluster).Should().HaveCount(4).And.OnlyContain(e => e.StatusCode == 200 && e.Identity == DemoSeed.PublicKey);
    }

    [Fact]
    public async Task A_create_met_by_a_stale_nonce_is_answered_again_and_creates_exactly_one_job()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger, e => e with { DigestNonceLifetime = TimeSpan.FromMinutes(5) });
        var key = AtlasContractHarness.ApiKey;
        await h.Client.GetFlexClusterAsync(key, Project, DemoSeed.FlexSourceCluster, None);
        h.Clock.Advance(TimeSpan.FromMinutes(6));

        var job = await h.Client.CreateRestoreJobAsync(key, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster,
            new AtlasRestoreRequest(DemoSeed.FlexSnapshotId, DemoSeed.FlexTargetCluster, null), None);

        job.Status.Should().Be("PENDING");
        h.Journal.Entries.Where(e => e.Operation == AtlasOperations.CreateFlexRestoreJob).Select(e => e.StatusCode)
            .Should().Equal([401, 200], "the stale nonce is refused before anything is done, then the answer to the new one succeeds");
        h.State.CountRestoreJobsFor(Project, DemoSeed.FlexTargetCluster).Should().Be(1);
    }

    [Fact]
    public async Task A_wrong_private_key_is_a_definite_401_and_creates_nothing()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        const string wrongSecret = "0000aaaa-wrong-4bbb-8ccc-dddddddddddd";
        ledger.AddSecret(wrongSecret);
        var key = new ApiKeyCredentials(DemoSeed.PublicKey, wrongSecret);

        var thrown = await h.FailureOf(c => c.CreateRestoreJobAsync(key, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster,
            new AtlasRestoreRequest(DemoSeed.FlexSnapshotId, DemoSeed.FlexTargetCluster, null), None));

        thrown.Kind.Should().Be(AtlasFailureKind.Rejected);
        thrown.HttpStatus.Should().Be(401);
        thrown.ErrorCode.Should().Be("UNAUTHORIZED");
        h.State.CountRestoreJobsFor(Project, DemoSeed.FlexTargetCluster).Should().Be(0);
        h.Authenticated(AtlasOperations.CreateFlexRestoreJob).Should().BeEmpty();
        h.Journal.Entries.Where(e => e.Operation == AtlasOperations.CreateFlexRestoreJob).Select(e => e.StatusCode)
            .Should().Equal([401, 401], "the challenge and one refused answer; Atlas sends a fresh nonce with every 401, and the refused answer is not repeated");
        h.Leaks().Should().BeEmpty();
    }

    [Fact]
    public async Task A_wrong_client_secret_is_a_definite_401_from_the_token_endpoint_and_no_api_call_is_made()
    {
        await using var h = await AtlasContractHarness.StartAsync(ledger);
        const string wrongSecret = "mdb_sa_sk_wrongwrongwrongwrongwrongwrongwr";
        ledger.AddSecret(wrongSecret);
        var account = new ServiceAccountCredentials(DemoSeed.ClientId, wrongSecret);

        var thrown = await h.FailureOf(c => c.CreateRestoreJobAsync(account, AtlasApiFamily.Flex, Project, DemoSeed.FlexSourceCluster,
            new AtlasRestoreRequest(DemoSeed.FlexSnapshotId, DemoSeed.FlexTargetCluster, null), None));

        thrown.Kind.Should().Be(AtlasFailureKind.Rejected);
        thrown.HttpStatus.Should().Be(401);
        thrown.Message.Should().Contain(DemoSeed.ClientId);
        h.Journal.Entries.Where(e => e.Operation == AtlasOperations.IssueToken).Should().ContainSingle()
            .Which.StatusCode.Should().Be(401);
        h.Journal.Entries.Should().NotContain(e => e.Operation == AtlasOperations.CreateFlexRestoreJob);
        h.State.CountRestoreJobsFor(Project, DemoSeed.FlexTargetCluster).Should().Be(0);
        h.Leaks().Should().BeEmpty();
    }
}
