using System.Text;
using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Atlas;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Operator.Tests.Restore.Fakes;
using k8s.Models;

namespace AtlasRestoreOperator.Operator.Tests.Restore;

public sealed class CredentialResolverTests
{
    private const string Secret = "s3cr3t-value-xyz";
    private static readonly SecretLocation Location = new("team-a", "atlas-credentials");

    [Fact]
    public void An_API_key_pair_becomes_digest_credentials_with_the_optional_org_id()
    {
        var result = CredentialResolver.Parse(Location, Data(("publicApiKey", "abcdefgh"), ("privateApiKey", Secret + "\n"), ("orgId", "5e2211c17a3e5a48f5497de3")));

        result.Failure.Should().BeNull();
        result.Credentials!.Credentials.Should().Be(new ApiKeyCredentials("abcdefgh", Secret));
        result.Credentials.OrgId.Should().Be("5e2211c17a3e5a48f5497de3");
        result.Credentials.Secret.Should().Be(Location);
    }

    [Fact]
    public void A_client_id_and_secret_become_service_account_credentials()
    {
        var result = CredentialResolver.Parse(Location, Data(("clientId", "mdb_sa_id_1"), ("clientSecret", Secret)));

        result.Credentials!.Credentials.Should().Be(new ServiceAccountCredentials("mdb_sa_id_1", Secret));
        result.Credentials.OrgId.Should().BeNull();
    }

    [Theory]
    [InlineData("mixes", "publicApiKey", "privateApiKey", "clientSecret")]
    [InlineData("neither", "orgId")]
    [InlineData("missing key privateApiKey", "publicApiKey")]
    [InlineData("missing key clientId", "clientSecret")]
    public void Incomplete_or_mixed_keys_are_distinct_errors_naming_the_Secret_and_keys(string expected, params string[] keys)
    {
        var result = CredentialResolver.Parse(Location, Data(keys.Select(k => (k, Secret)).ToArray()));

        result.Credentials.Should().BeNull();
        result.Failure!.ConditionReason.Should().Be(RestoreReasons.InvalidCredentials);
        result.Failure.Disposition.Should().Be(FailureDisposition.NeedsAttention);
        result.Failure.Message.Should().Contain("team-a/atlas-credentials").And.Contain(expected).And.NotContain(Secret);
    }

    [Fact]
    public void An_empty_value_is_its_own_error()
    {
        var result = CredentialResolver.Parse(Location, Data(("publicApiKey", "abcdefgh"), ("privateApiKey", "  \n")));

        result.Failure!.Message.Should().Contain("empty value for key privateApiKey");
    }

    [Fact]
    public async Task The_objects_own_Secret_is_read_from_its_namespace_else_the_default()
    {
        var secrets = new FakeSecrets();
        secrets.Put("team-a", "own", ("publicApiKey", "own-key"), ("privateApiKey", Secret));
        secrets.Put("atlas-system", "default", ("clientId", "default-id"), ("clientSecret", Secret));
        var resolver = new CredentialResolver(secrets, new RestoreOperatorOptions { OperatorIdentity = "op", DefaultSecret = SecretLocation.Parse("atlas-system/default") });

        var own = await resolver.ResolveAsync(Restore(new SecretReference { Name = "own" }), CancellationToken.None);
        var fallback = await resolver.ResolveAsync(Restore(null), CancellationToken.None);

        own.Credentials!.Credentials.Identity.Should().Be("own-key");
        fallback.Credentials!.Credentials.Identity.Should().Be("default-id");
        fallback.Credentials.Secret.Should().Be(new SecretLocation("atlas-system", "default"));
    }

    [Fact]
    public async Task A_missing_Secret_is_SecretNotFound_naming_it()
    {
        var resolver = new CredentialResolver(new FakeSecrets(), new RestoreOperatorOptions { OperatorIdentity = "op" });

        var result = await resolver.ResolveAsync(Restore(new SecretReference { Name = "absent" }), CancellationToken.None);

        result.Failure!.ConditionReason.Should().Be(RestoreReasons.SecretNotFound);
        result.Failure.Message.Should().Contain("team-a/absent");
    }

    [Theory]
    [InlineData("atlas-system")]
    [InlineData("/name")]
    [InlineData("ns/")]
    [InlineData("a/b/c")]
    public void A_malformed_default_secret_is_refused_with_the_expected_form(string value)
    {
        var parse = () => SecretLocation.Parse(value);

        parse.Should().Throw<FormatException>().WithMessage("*namespace/name*");
    }

    [Fact]
    public void Options_out_of_range_are_refused_with_one_clear_line()
    {
        var options = new RestoreOperatorOptions { OperatorIdentity = "op", PollMaxInterval = TimeSpan.FromSeconds(5) };

        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>().WithMessage("*poll max interval*");
        new RestoreOperatorOptions { OperatorIdentity = " " }.Invoking(o => o.Validate()).Should().Throw<ArgumentException>();
    }

    private static Dictionary<string, byte[]> Data(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => Encoding.UTF8.GetBytes(p.Value));

    private static AtlasSharedRestore Restore(SecretReference? reference) => new()
    {
        Metadata = new V1ObjectMeta { Name = "r", NamespaceProperty = "team-a" },
        Spec = new AtlasSharedRestoreSpec { ConnectionSecretRef = reference },
    };
}
