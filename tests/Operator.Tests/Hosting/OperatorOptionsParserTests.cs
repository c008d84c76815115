using AtlasRestoreOperator.Operator.Hosting;
using AtlasRestoreOperator.Operator.Runtime;
using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Operator.Tests.Hosting;

public sealed class OperatorOptionsParserTests
{
    private const string Home = "/home/operator";
    private const string UserKubeconfig = "/home/operator/.kube/config";
    private readonly HashSet<string> files = [UserKubeconfig, "/etc/kube/a.yaml", "/etc/kube/b.yaml"];
    private readonly Dictionary<string, string> variables = new() { ["POD_NAME"] = "atlas-restore-operator-7c9f" };
    private readonly Dictionary<string, string> fileContents = [];

    [Fact]
    public void Without_flags_or_variables_every_documented_default_applies()
    {
        var options = Parse();

        options.KubeconfigPath.Should().Be(UserKubeconfig);
        options.AtlasBaseUrl.Should().Be(new Uri("https://cloud.mongodb.com"));
        options.WatchNamespaces.Should().BeEmpty();
        options.DefaultSecret.Should().BeNull();
        options.LeaderElect.Should().BeTrue();
        options.LeaseNamespace.Should().Be("default");
        options.LeaseName.Should().Be("atlas-restore-operator");
        options.LeaseDuration.Should().Be(TimeSpan.FromSeconds(15));
        options.RenewDeadline.Should().Be(TimeSpan.FromSeconds(10));
        options.RetryPeriod.Should().Be(TimeSpan.FromSeconds(2));
        options.HealthBindAddress.Should().Be("0.0.0.0");
        options.HealthPort.Should().Be(8081);
        options.PollInitialInterval.Should().Be(TimeSpan.FromSeconds(10));
        options.PollMaxInterval.Should().Be(TimeSpan.FromSeconds(60));
        options.LogFormat.Should().Be(LogFormat.Text);
        options.LogLevel.Should().Be(LogLevel.Information);
        options.MaxConcurrentReconciles.Should().Be(4);
        options.InstanceName.Should().Be("atlas-restore-operator-7c9f");
        options.ToLeaderElectionOptions().Identity.Should().StartWith("atlas-restore-operator-7c9f_");
    }

    [Fact]
    public void Variables_configure_every_setting()
    {
        variables["KUBECONFIG"] = "/etc/kube/a.yaml";
        variables["ATLAS_BASE_URL"] = "http://127.0.0.1:9000";
        variables["WATCH_NAMESPACES"] = "team-a, team-b,team-a";
        variables["ATLAS_DEFAULT_SECRET"] = "operators/atlas-credentials";
        variables["LEADER_ELECT"] = "false";
        variables["LEASE_NAMESPACE"] = "operators";
        variables["LEASE_NAME"] = "asr-leader";
        variables["HEALTH_PORT"] = "9090";
        variables["HEALTH_BIND_ADDRESS"] = "127.0.0.1";
        variables["POLL_INITIAL_INTERVAL"] = "5s";
        variables["POLL_MAX_INTERVAL"] = "2m";
        variables["LOG_FORMAT"] = "json";
        variables["LOG_LEVEL"] = "debug";
        variables["MAX_CONCURRENT_RECONCILES"] = "8";
        variables["LEASE_DURATION"] = "30s";
        variables["RENEW_DEADLINE"] = "20s";
        variables["RETRY_PERIOD"] = "4s";

        var options = Parse();

        options.KubeconfigPath.Should().Be("/etc/kube/a.yaml");
        options.AtlasBaseUrl.Should().Be(new Uri("http://127.0.0.1:9000"));
        options.WatchNamespaces.Should().Equal("team-a", "team-b");
        options.DefaultSecret.Should().Be(new ObjectKey("operators", "atlas-credentials"));
        options.LeaderElect.Should().BeFalse();
        options.Lease.Should().Be(new ObjectKey("operators", "asr-leader"));
        options.HealthPort.Should().Be(9090);
        options.HealthBindAddress.Should().Be("127.0.0.1");
        options.PollInitialInterval.Should().Be(TimeSpan.FromSeconds(5));
        options.PollMaxInterval.Should().Be(TimeSpan.FromMinutes(2));
        options.LogFormat.Should().Be(LogFormat.Json);
        options.LogLevel.Should().Be(LogLevel.Debug);
        options.MaxConcurrentReconciles.Should().Be(8);
        options.LeaseDuration.Should().Be(TimeSpan.FromSeconds(30));
        options.RenewDeadline.Should().Be(TimeSpan.FromSeconds(20));
        options.RetryPeriod.Should().Be(TimeSpan.FromSeconds(4));
    }

    [Fact]
    public void Flags_win_over_variables()
    {
        variables["ATLAS_BASE_URL"] = "http://127.0.0.1:9000";
        variables["WATCH_NAMESPACES"] = "team-a";
        variables["HEALTH_PORT"] = "9090";
        variables["LEADER_ELECT"] = "true";
        variables["KUBECONFIG"] = "/etc/kube/a.yaml";

        var options = Parse(
            "--atlas-base-url=https://atlas.example.com/", "--watch-namespaces", "team-c", "--health-port", "0",
            "--leader-elect=false", "--kubeconfig", "/etc/kube/b.yaml", "--poll-initial-interval", "1m30s", "--poll-max-interval", "5m");

        options.AtlasBaseUrl.Should().Be(new Uri("https://atlas.example.com/"));
        options.WatchNamespaces.Should().Equal("team-c");
        options.HealthPort.Should().Be(0);
        options.LeaderElect.Should().BeFalse();
        options.KubeconfigPath.Should().Be("/etc/kube/b.yaml");
        options.PollInitialInterval.Should().Be(TimeSpan.FromSeconds(90));
        options.PollMaxInterval.Should().Be(TimeSpan.FromMinutes(5));
    }

    [Theory]
    [InlineData(new[] { "--leader-elect" }, true)]
    [InlineData(new[] { "--leader-elect", "false" }, false)]
    [InlineData(new[] { "--leader-elect=FALSE" }, false)]
    [InlineData(new[] { "--leader-elect", "--health-port", "1" }, true)]
    public void The_leader_elect_switch_stands_alone_or_takes_a_value(string[] args, bool expected)
    {
        variables["LEADER_ELECT"] = "false";
        Parse(args).LeaderElect.Should().Be(expected);
    }

    [Fact]
    public void An_empty_variable_counts_as_unset()
    {
        variables["WATCH_NAMESPACES"] = "";
        variables["HEALTH_PORT"] = "";

        var options = Parse();

        options.WatchNamespaces.Should().BeEmpty();
        options.HealthPort.Should().Be(8081);
    }

    [Fact]
    public void Kubeconfig_resolution_falls_back_from_KUBECONFIG_to_the_user_file_to_in_cluster()
    {
        variables["KUBECONFIG"] = "/missing.yaml:/etc/kube/b.yaml";
        Parse().KubeconfigPath.Should().Be("/etc/kube/b.yaml", "the first existing file of the list is used");

        variables.Remove("KUBECONFIG");
        Parse().KubeconfigPath.Should().Be(UserKubeconfig);

        files.Remove(UserKubeconfig);
        variables["KUBERNETES_SERVICE_HOST"] = "10.0.0.1";
        variables["KUBERNETES_SERVICE_PORT"] = "443";
        Parse().KubeconfigPath.Should().BeNull("in a cluster the service account is used");

        variables.Remove("KUBERNETES_SERVICE_HOST");
        Invoking(() => Parse()).Should().Throw<OperatorConfigurationException>()
            .WithMessage("no Kubernetes configuration found: set --kubeconfig or KUBECONFIG, create ~/.kube/config, or run inside a cluster");
    }

    [Fact]
    public void The_lease_namespace_defaults_to_the_pod_namespace_then_the_service_account_namespace()
    {
        fileContents[OperatorEnvironment.ServiceAccountNamespaceFile] = "from-file\n";
        Parse().LeaseNamespace.Should().Be("from-file");

        variables["POD_NAMESPACE"] = "from-downward-api";
        Parse().LeaseNamespace.Should().Be("from-downward-api");

        Parse("--lease-namespace", "explicit").LeaseNamespace.Should().Be("explicit");
    }

    [Theory]
    [InlineData("--health-port", "abc", "invalid --health-port \"abc\": must be an integer from 0 to 65535")]
    [InlineData("--health-port", "65536", "invalid --health-port \"65536\": must be an integer from 0 to 65535")]
    [InlineData("--health-port", "-1", "invalid --health-port \"-1\": must be an integer from 0 to 65535")]
    [InlineData("--atlas-base-url", "cloud.mongodb.com", "invalid --atlas-base-url \"cloud.mongodb.com\": must be an absolute http or https URL, such as https://cloud.mongodb.com")]
    [InlineData("--atlas-base-url", "ftp://cloud.mongodb.com", "invalid --atlas-base-url \"ftp://cloud.mongodb.com\": must be an absolute http or https URL*")]
    [InlineData("--watch-namespaces", "team-a,Team_B", "invalid --watch-namespaces \"team-a,Team_B\": \"Team_B\" is not a namespace name: each must be a DNS-1123 label*")]
    [InlineData("--default-secret", "atlas-credentials", "invalid --default-secret \"atlas-credentials\": must be namespace/name")]
    [InlineData("--default-secret", "Ops/creds", "invalid --default-secret \"Ops/creds\": must be namespace/name, and the namespace must be a DNS-1123 label*")]
    [InlineData("--default-secret", "ops/Creds!", "invalid --default-secret \"ops/Creds!\": must be namespace/name, and the name must be a DNS-1123 subdomain*")]
    [InlineData("--lease-namespace", "-ops", "invalid --lease-namespace \"-ops\": must be a DNS-1123 label*")]
    [InlineData("--health-bind-address", "localhost", "invalid --health-bind-address \"localhost\": must be an IP address such as 0.0.0.0 or 127.0.0.1")]
    [InlineData("--poll-initial-interval", "10", "")]
    [InlineData("--poll-initial-interval", "ten", "invalid --poll-initial-interval \"ten\": must be a positive duration such as 500ms, 10s, 2m or 1h30m")]
    [InlineData("--poll-max-interval", "0s", "invalid --poll-max-interval \"0s\": must be a positive duration*")]
    [InlineData("--poll-initial-interval", "2m", "invalid --poll-initial-interval \"2m\": must not be longer than --poll-max-interval (60s)")]
    [InlineData("--log-format", "xml", "invalid --log-format \"xml\": must be text or json")]
    [InlineData("--log-level", "loud", "invalid --log-level \"loud\": must be trace, debug, info, warning or error")]
    [InlineData("--max-concurrent-reconciles", "0", "invalid --max-concurrent-reconciles \"0\": must be an integer from 1 to 100")]
    [InlineData("--renew-deadline", "20s", "invalid --renew-deadline \"20s\": must be shorter than --lease-duration (15s)")]
    [InlineData("--retry-period", "10s", "invalid --retry-period \"10s\": must be shorter than --renew-deadline (10s)")]
    [InlineData("--lease-duration", "15.5s", "invalid --lease-duration \"15.5s\": must be a whole number of seconds, such as 15s or 1m")]
    [InlineData("--kubeconfig", "/nope.yaml", "invalid --kubeconfig \"/nope.yaml\": must be the path of an existing kubeconfig file")]
    public void An_invalid_flag_gives_one_line_naming_it_the_value_and_what_is_allowed(string flag, string value, string expected)
    {
        var parse = Invoking(() => Parse(flag, value));

        if (expected.Length == 0)
        {
            parse.Should().NotThrow("a bare number is seconds");
            return;
        }

        parse.Should().Throw<OperatorConfigurationException>().WithMessage(expected)
            .Which.Message.Should().NotContain("\n");
    }

    [Theory]
    [InlineData("HEALTH_PORT", "abc", "invalid HEALTH_PORT \"abc\": must be an integer from 0 to 65535")]
    [InlineData("ATLAS_BASE_URL", "/relative", "invalid ATLAS_BASE_URL \"/relative\": must be an absolute http or https URL*")]
    [InlineData("WATCH_NAMESPACES", "a..b", "invalid WATCH_NAMESPACES \"a..b\": \"a..b\" is not a namespace name*")]
    [InlineData("ATLAS_DEFAULT_SECRET", "a/b/c", "invalid ATLAS_DEFAULT_SECRET \"a/b/c\": must be namespace/name")]
    [InlineData("LEADER_ELECT", "yes please", "invalid LEADER_ELECT \"yes please\": must be true or false")]
    [InlineData("KUBECONFIG", "/a:/b", "invalid KUBECONFIG \"/a:/b\": must name at least one existing kubeconfig file")]
    [InlineData("RETRY_PERIOD", "12s", "invalid RETRY_PERIOD \"12s\": must be shorter than --renew-deadline (10s)")]
    public void An_invalid_variable_is_named_in_the_message(string variable, string value, string expected)
    {
        variables[variable] = value;

        Invoking(() => Parse()).Should().Throw<OperatorConfigurationException>().WithMessage(expected);
    }

    [Fact]
    public void Unknown_flags_missing_values_and_stray_arguments_are_errors()
    {
        Invoking(() => Parse("--health-prot", "8081")).Should().Throw<OperatorConfigurationException>()
            .WithMessage("unknown flag \"--health-prot\": run with --help to see the flags");
        Invoking(() => Parse("--watch-namespaces")).Should().Throw<OperatorConfigurationException>()
            .WithMessage("missing value for --watch-namespaces: expected --watch-namespaces NS[,NS...]");
        Invoking(() => Parse("--health-port", "--leader-elect")).Should().Throw<OperatorConfigurationException>()
            .WithMessage("missing value for --health-port*");
        Invoking(() => Parse("--leader-elect=maybe")).Should().Throw<OperatorConfigurationException>()
            .WithMessage("invalid --leader-elect \"maybe\": must be true or false");
        Invoking(() => Parse("--leader-elect", "maybe")).Should().Throw<OperatorConfigurationException>()
            .WithMessage("unexpected argument \"maybe\"*", "a switch takes its value only as true or false");
        Invoking(() => Parse("run")).Should().Throw<OperatorConfigurationException>()
            .WithMessage("unexpected argument \"run\": only flags are accepted (run with --help to see them)");
    }

    [Fact]
    public void Help_lists_every_flag_with_its_variable()
    {
        OperatorOptionsParser.IsHelpRequested(["--health-port", "x", "--help"]).Should().BeTrue();
        OperatorOptionsParser.IsHelpRequested(["--health-port", "1"]).Should().BeFalse();
        foreach (var expected in new[]
        {
            "--kubeconfig", "KUBECONFIG", "--atlas-base-url", "ATLAS_BASE_URL", "--watch-namespaces", "WATCH_NAMESPACES",
            "--default-secret", "ATLAS_DEFAULT_SECRET", "--leader-elect", "LEADER_ELECT", "--health-port", "HEALTH_PORT",
            "--lease-namespace", "--poll-initial-interval", "--poll-max-interval", "--log-format", "--max-concurrent-reconciles",
        })
        {
            OperatorOptionsParser.HelpText.Should().Contain(expected);
        }
    }

    private static Func<OperatorOptions> Invoking(Func<OperatorOptions> parse) => parse;

    private OperatorOptions Parse(params string[] args) => new OperatorOptionsParser(new OperatorEnvironment
    {
        Variables = variables,
        HomeDirectory = Home,
        FileExists = files.Contains,
        ReadFile = path => fileContents.GetValueOrDefault(path),
    }).Parse(args);
}
