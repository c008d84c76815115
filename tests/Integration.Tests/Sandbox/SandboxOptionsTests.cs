using System.Text.RegularExpressions;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Sandbox;

namespace AtlasRestoreOperator.Integration.Tests.Sandbox;

/// <summary>The sandbox's flags as <c>dotnet run --project src/Sandbox -- ...</c> reads them.</summary>
public sealed class SandboxOptionsTests
{
    [Fact]
    public void No_flags_mean_both_emulators_on_free_ports_with_the_operator_writing_to_dot_sandbox()
    {
        var options = SandboxOptions.Parse([]);

        options.Should().BeEquivalentTo(new SandboxOptions
        {
            Help = false, Once = false, NoOperator = false, KubePort = 0, AtlasPort = 0, SeedPath = null, Directory = ".sandbox",
            OnceTimeout = TimeSpan.FromSeconds(120), Verbose = false,
        });
    }

    [Fact]
    public void Each_switch_sets_its_own_option_only()
    {
        SandboxOptions.Parse(["--once"]).Should().Be(new SandboxOptions { Once = true });
        SandboxOptions.Parse(["--no-operator"]).Should().Be(new SandboxOptions { NoOperator = true });
        SandboxOptions.Parse(["--verbose"]).Should().Be(new SandboxOptions { Verbose = true });
    }

    [Fact]
    public void Each_flag_with_a_value_takes_the_next_argument()
    {
        SandboxOptions.Parse(["--kube-port", "18443"]).Should().Be(new SandboxOptions { KubePort = 18443 });
        SandboxOptions.Parse(["--atlas-port", "18080"]).Should().Be(new SandboxOptions { AtlasPort = 18080 });
        SandboxOptions.Parse(["--seed", "my seed.json"]).Should().Be(new SandboxOptions { SeedPath = "my seed.json" });
        SandboxOptions.Parse(["--dir", "/tmp/sandbox-a"]).Should().Be(new SandboxOptions { Directory = "/tmp/sandbox-a" });
        SandboxOptions.Parse(["--timeout", "45"]).Should().Be(new SandboxOptions { OnceTimeout = TimeSpan.FromSeconds(45) });
    }

    [Fact]
    public void The_readme_command_line_combines_flags()
    {
        var options = SandboxOptions.Parse(["--no-operator", "--atlas-port", "18080", "--kube-port", "18443"]);

        options.Should().Be(new SandboxOptions { NoOperator = true, AtlasPort = 18080, KubePort = 18443 });
    }

    [Fact]
    public void Port_zero_and_the_highest_port_are_allowed()
    {
        SandboxOptions.Parse(["--atlas-port", "0", "--kube-port", "65535"]).Should().Be(new SandboxOptions { AtlasPort = 0, KubePort = 65535 });
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_asks_only_for_the_usage_even_beside_a_mistake(string flag)
    {
        SandboxOptions.Parse([flag]).Help.Should().BeTrue();
        SandboxOptions.Parse(["--atlas-port", "nope", flag]).Should().Be(new SandboxOptions { Help = true });
    }

    [Fact]
    public void The_usage_lists_every_flag_the_parser_accepts()
    {
        foreach (var flag in new[] { "--once", "--no-operator", "--kube-port", "--atlas-port", "--seed", "--dir", "--timeout", "--verbose", "--help" })
        {
            SandboxOptions.Usage.Should().Contain(flag);
        }
    }

    [Fact]
    public void The_readme_sandbox_table_has_a_row_for_every_flag_of_the_usage()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot.Find(), "README.md"));
        var table = readme.SkipWhile(l => !l.StartsWith("| sandbox flag |", StringComparison.Ordinal)).TakeWhile(l => l.StartsWith('|')).ToList();
        var flags = Regex.Matches(SandboxOptions.Usage, @"^\s+(--[a-z-]+)", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).ToList();

        flags.Should().HaveCountGreaterThanOrEqualTo(9);
        flags.Where(f => !table.Any(row => row.Contains($"`{f}", StringComparison.Ordinal))).Should().BeEmpty("every sandbox flag has a row in the README");
    }

    [Theory]
    [InlineData("--atlas-port", "http", "invalid --atlas-port \"http\": must be an integer from 0 to 65535 (0: any free port)")]
    [InlineData("--atlas-port", "65536", "invalid --atlas-port \"65536\": must be an integer from 0 to 65535 (0: any free port)")]
    [InlineData("--kube-port", "-1", "invalid --kube-port \"-1\": must be an integer from 0 to 65535 (0: any free port)")]
    [InlineData("--kube-port", "18443.5", "invalid --kube-port \"18443.5\": must be an integer from 0 to 65535 (0: any free port)")]
    [InlineData("--timeout", "0", "invalid --timeout \"0\": must be a whole number of seconds above 0")]
    [InlineData("--timeout", "2m", "invalid --timeout \"2m\": must be a whole number of seconds above 0")]
    public void A_bad_value_is_one_line_naming_the_flag_and_what_it_allows(string flag, string value, string message)
    {
        var parse = () => SandboxOptions.Parse([flag, value]);

        parse.Should().Throw<ArgumentException>().Which.Message.Should().Be(message);
    }

    [Theory]
    [InlineData("--kube-port", "--kube-port needs a value: an integer from 0 to 65535 (0: any free port)")]
    [InlineData("--atlas-port", "--atlas-port needs a value: an integer from 0 to 65535 (0: any free port)")]
    [InlineData("--seed", "--seed needs a value: the path of an Atlas seed JSON file")]
    [InlineData("--dir", "--dir needs a value: the directory for the kubeconfig and seed")]
    [InlineData("--timeout", "--timeout needs a value: a whole number of seconds above 0")]
    public void A_flag_without_its_value_says_what_value_it_needs(string flag, string message)
    {
        // At the end of the line, followed by another flag, or given an empty string: each is a forgotten value.
        foreach (var args in new[] { new[] { flag }, [flag, "--once"], [flag, ""] })
        {
            var parse = () => SandboxOptions.Parse(args);

            parse.Should().Throw<ArgumentException>().Which.Message.Should().Be(message, string.Join(' ', args));
        }
    }

    [Theory]
    [InlineData("--port")]
    [InlineData("once")]
    [InlineData("--no-operator=true")]
    public void An_unknown_flag_is_named_with_the_flags_that_are_allowed(string flag)
    {
        var parse = () => SandboxOptions.Parse(["--once", flag]);

        parse.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            $"unknown option \"{flag}\": allowed are --once, --no-operator, --kube-port, --atlas-port, --seed, --dir, --timeout, --verbose, --help");
    }
}
