using AtlasRestoreOperator.Operator.Hosting;

namespace AtlasRestoreOperator.Operator.Tests.Hosting;

/// <summary>The flags that shorten the exactly-once protocol's waits (--submission-lease, --ambiguous-grace, --retry-interval).</summary>
public sealed class OperatorProtocolTimingOptionsTests
{
    private readonly Dictionary<string, string> variables = new() { ["KUBECONFIG"] = "/etc/kube/config" };

    [Fact]
    public void Without_settings_the_documented_protocol_waits_apply()
    {
        var options = Parse();

        options.SubmissionLeaseDuration.Should().Be(TimeSpan.FromMinutes(2));
        options.AmbiguousOutcomeGracePeriod.Should().Be(TimeSpan.FromSeconds(30));
        options.NeedsAttentionRetryInterval.Should().Be(TimeSpan.FromMinutes(2));
    }

    [Fact]
    public void Variables_set_the_protocol_waits_and_flags_win_over_them()
    {
        variables["SUBMISSION_LEASE"] = "90s";
        variables["AMBIGUOUS_GRACE"] = "10s";
        variables["RETRY_INTERVAL"] = "1m";

        var fromVariables = Parse();
        var fromFlags = Parse("--submission-lease", "2s", "--ambiguous-grace=500ms", "--retry-interval", "1s");

        fromVariables.SubmissionLeaseDuration.Should().Be(TimeSpan.FromSeconds(90));
        fromVariables.AmbiguousOutcomeGracePeriod.Should().Be(TimeSpan.FromSeconds(10));
        fromVariables.NeedsAttentionRetryInterval.Should().Be(TimeSpan.FromMinutes(1));
        fromFlags.SubmissionLeaseDuration.Should().Be(TimeSpan.FromSeconds(2));
        fromFlags.AmbiguousOutcomeGracePeriod.Should().Be(TimeSpan.FromMilliseconds(500));
        fromFlags.NeedsAttentionRetryInterval.Should().Be(TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData("--submission-lease", "0s", "invalid --submission-lease \"0s\": must be a positive duration*")]
    [InlineData("--ambiguous-grace", "soon", "invalid --ambiguous-grace \"soon\": must be a positive duration such as 500ms, 10s, 2m or 1h30m")]
    [InlineData("--retry-interval", "48h", "invalid --retry-interval \"48h\": must be a positive duration*at most 24h")]
    public void An_invalid_protocol_wait_is_named_with_what_is_allowed(string flag, string value, string expected)
    {
        var parse = () => Parse(flag, value);

        parse.Should().Throw<OperatorConfigurationException>().WithMessage(expected);
    }

    [Fact]
    public void An_invalid_variable_names_the_variable()
    {
        variables["AMBIGUOUS_GRACE"] = "-5s";

        var parse = () => Parse();

        parse.Should().Throw<OperatorConfigurationException>().WithMessage("invalid AMBIGUOUS_GRACE \"-5s\": must be a positive duration*");
    }

    [Fact]
    public void Help_documents_the_protocol_waits()
    {
        foreach (var expected in new[] { "--submission-lease", "SUBMISSION_LEASE", "--ambiguous-grace", "AMBIGUOUS_GRACE", "--retry-interval", "RETRY_INTERVAL" })
        {
            OperatorOptionsParser.HelpText.Should().Contain(expected);
        }
    }

    private OperatorOptions Parse(params string[] args) => new OperatorOptionsParser(new OperatorEnvironment
    {
        Variables = variables,
        HomeDirectory = "/home/operator",
        FileExists = path => path == "/etc/kube/config",
        ReadFile = _ => null,
    }).Parse(args);
}
