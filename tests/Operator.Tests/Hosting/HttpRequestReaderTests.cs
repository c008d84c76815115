using System.Text;
using AtlasRestoreOperator.Operator.Hosting;

namespace AtlasRestoreOperator.Operator.Tests.Hosting;

public sealed class HttpRequestReaderTests
{
    [Theory]
    [InlineData("GET /metrics HTTP/1.1", "/metrics")]
    [InlineData("GET /metrics?name[]=x HTTP/1.1", "/metrics")]
    [InlineData("GET /metrics#top HTTP/1.0", "/metrics")]
    [InlineData("GET http://operator:8081/readyz?x=1 HTTP/1.1", "/readyz")]
    public void The_path_is_the_target_without_its_query(string requestLine, string path)
    {
        HttpRequestReader.Parse(Encoding.ASCII.GetBytes(requestLine + "\r\nHost: operator\r\nUser-Agent: kube-probe/1.34")).Should().Be(new HttpRequestHead("GET", path));
    }

    [Fact]
    public async Task A_head_split_across_reads_is_reassembled()
    {
        var stream = new ChunkedStream("GET /healthz HTTP/1.1\r\nHost: x\r", "\n", "\r", "\nleft for later");

        var head = await HttpRequestReader.ReadHeadAsync(stream, CancellationToken.None);

        head.Should().Be(new HttpRequestHead("GET", "/healthz"));
    }

    [Fact]
    public async Task A_client_closing_before_the_head_ends_gets_no_answer()
    {
        (await HttpRequestReader.ReadHeadAsync(new ChunkedStream("GET /healthz HTTP/1.1\r\n"), CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public void A_nul_in_a_header_value_is_refused()
    {
        var parse = () => HttpRequestReader.Parse(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: a\0b"));

        parse.Should().Throw<HttpRequestRejectedException>().Which.Status.Should().Be(400);
    }
}
