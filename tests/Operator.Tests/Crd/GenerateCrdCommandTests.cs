using AtlasRestoreOperator.Operator.Crd;

namespace AtlasRestoreOperator.Operator.Tests.Crd;

/// <summary><c>generate-crd</c> as a user runs it: where it writes, what it writes, and how it refuses bad arguments.</summary>
public sealed class GenerateCrdCommandTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("generate-crd-").FullName;
    private readonly StringWriter stdout = new();
    private readonly StringWriter stderr = new();

    public void Dispose()
    {
        stdout.Dispose();
        stderr.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void Output_option_writes_exactly_the_generated_yaml_to_that_file()
    {
        var file = Path.Combine(directory, "out", "crd.yaml");

        var exitCode = GenerateCrdCommand.Run(["--output", file], stdout, stderr, directory);

        exitCode.Should().Be(0, stderr.ToString());
        File.ReadAllText(file).Should().Be(CrdGenerator.GenerateYaml());
        stdout.ToString().Should().Contain(file);
        stderr.ToString().Should().BeEmpty();
    }

    [Fact]
    public void A_relative_output_path_is_taken_from_the_working_directory()
    {
        var exitCode = GenerateCrdCommand.Run(["--output", "relative.yaml"], stdout, stderr, directory);

        exitCode.Should().Be(0, stderr.ToString());
        File.ReadAllText(Path.Combine(directory, "relative.yaml")).Should().Be(CrdGenerator.GenerateYaml());
    }

    [Fact]
    public void Output_dash_writes_the_yaml_to_standard_output_and_no_file()
    {
        var exitCode = GenerateCrdCommand.Run(["--output", "-"], stdout, stderr, directory);

        exitCode.Should().Be(0);
        stdout.ToString().Should().Be(CrdGenerator.GenerateYaml());
        Directory.EnumerateFileSystemEntries(directory).Should().BeEmpty();
    }

    [Fact]
    public void Without_arguments_it_writes_the_repository_crd_path_found_above_the_working_directory()
    {
        File.WriteAllText(Path.Combine(directory, "AtlasRestoreOperator.sln"), "");
        var nested = Directory.CreateDirectory(Path.Combine(directory, "src", "Operator")).FullName;

        var exitCode = GenerateCrdCommand.Run([], stdout, stderr, nested);

        exitCode.Should().Be(0, stderr.ToString());
        var expected = Path.Combine(directory, CrdGenerator.RelativeOutputPath);
        File.ReadAllText(expected).Should().Be(CrdGenerator.GenerateYaml());
        stdout.ToString().Should().Contain(expected);
    }

    [Fact]
    public void Without_arguments_and_without_a_solution_above_it_fails_and_asks_for_an_output_path()
    {
        var exitCode = GenerateCrdCommand.Run([], stdout, stderr, directory);

        exitCode.Should().NotBe(0);
        stderr.ToString().Should().Contain("AtlasRestoreOperator.sln").And.Contain("--output PATH");
        Directory.EnumerateFileSystemEntries(directory).Should().BeEmpty();
    }

    [Theory]
    [InlineData("--out")]
    [InlineData("crd.yaml")]
    public void An_unknown_argument_fails_with_a_usage_line_naming_it(string argument)
    {
        var exitCode = GenerateCrdCommand.Run([argument], stdout, stderr, directory);

        exitCode.Should().NotBe(0);
        stderr.ToString().Should().Contain($"unknown argument \"{argument}\"").And.Contain("usage: generate-crd [--output PATH|-]");
        stdout.ToString().Should().BeEmpty();
        Directory.EnumerateFileSystemEntries(directory).Should().BeEmpty();
    }

    [Fact]
    public void Output_without_a_path_fails_saying_the_path_is_missing()
    {
        var exitCode = GenerateCrdCommand.Run(["--output"], stdout, stderr, directory);

        exitCode.Should().NotBe(0);
        stderr.ToString().Should().Contain("--output needs a path").And.Contain("usage: generate-crd");
    }

    [Fact]
    public void Output_given_twice_fails_instead_of_silently_using_the_last_one()
    {
        var exitCode = GenerateCrdCommand.Run(["--output", "a.yaml", "--output", "b.yaml"], stdout, stderr, directory);

        exitCode.Should().NotBe(0);
        stderr.ToString().Should().Contain("--output given twice");
        Directory.EnumerateFileSystemEntries(directory).Should().BeEmpty();
    }
}
