using System.Text.Json.Nodes;
using AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Tests;

public sealed class CrdDefinitionReaderTests
{
    [Fact]
    public void Reading_a_crd_whose_schema_cannot_be_enforced_throws_instead_of_serving_it_unvalidated()
    {
        var crd = JsonNode.Parse(Manifests.CrdWithUnsupportedRuleJson)!.AsObject();

        var read = () => CrdDefinitionReader.Read(crd);

        read.Should().Throw<SchemaNotSupportedException>().WithMessage("*self.x.matches('^a')*not supported by this emulator*");
    }
}
