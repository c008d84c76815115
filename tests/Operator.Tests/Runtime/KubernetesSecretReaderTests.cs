using System.Text;
using AtlasRestoreOperator.Operator.Runtime;

namespace AtlasRestoreOperator.Operator.Tests.Runtime;

public sealed class KubernetesSecretReaderTests
{
    [Fact]
    public async Task Secret_data_is_returned_decoded()
    {
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes("pub-key"));
        await using var stub = await KubernetesApiStub.StartAsync((_, context) => KubernetesApiStub.WriteJsonAsync(context, 200,
            $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"atlas","namespace":"team-a"},"data":{"publicApiKey":"{{{encoded}}}"}}"""));
        using var kubernetes = stub.CreateClient();
        var reader = new KubernetesSecretReader(kubernetes);

        var data = await reader.GetSecretDataAsync("team-a", "atlas", CancellationToken.None);

        Encoding.UTF8.GetString(data!["publicApiKey"]).Should().Be("pub-key");
        stub.Requests.Single().Path.Should().Be("/api/v1/namespaces/team-a/secrets/atlas");
    }

    [Fact]
    public async Task A_missing_secret_returns_null()
    {
        await using var stub = await KubernetesApiStub.StartAsync((_, context) =>
            KubernetesApiStub.WriteJsonAsync(context, 404, KubernetesApiStub.StatusJson(404, "NotFound", "secrets \\\"atlas\\\" not found")));
        using var kubernetes = stub.CreateClient();
        var reader = new KubernetesSecretReader(kubernetes);

        (await reader.GetSecretDataAsync("team-a", "atlas", CancellationToken.None)).Should().BeNull();
    }
}
