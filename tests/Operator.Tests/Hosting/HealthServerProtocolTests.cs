using System.Net;
using System.Net.Sockets;
using System.Text;
using AtlasRestoreOperator.Operator.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AtlasRestoreOperator.Operator.Tests.Hosting;

/// <summary>The health server's own HTTP/1.1 handling, spoken over raw sockets so every byte on the wire is seen.</summary>
public sealed class HealthServerProtocolTests : IAsyncLifetime
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 1, 22, 8, 0, 0, TimeSpan.Zero));
    private readonly HealthServer server;

    public HealthServerProtocolTests() =>
        server = new HealthServer(new HealthServerOptions { BindAddress = "127.0.0.1", Port = 0 }, NullLoggerFactory.Instance, time, RequestTimeout);

    public Task InitializeAsync() => server.StartAsync(CancellationToken.None);

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task A_get_is_answered_with_its_length_and_the_connection_closed()
    {
        var response = await ExchangeAsync("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");

        response.Should().StartWith("HTTP/1.1 200 OK\r\n")
            .And.Contain("\r\nContent-Type: text/plain; charset=utf-8\r\n")
            .And.Contain("\r\nContent-Length: 3\r\n")
            .And.Contain("\r\nCache-Control: no-store\r\n")
            .And.Contain("\r\nConnection: close\r\n")
            .And.Contain("\r\nDate: Thu, 22 Jan 2026 08:00:00 GMT\r\n")
            .And.EndWith("\r\n\r\nok\n");
    }

    [Fact]
    public async Task The_query_string_does_not_change_the_route()
    {
        (await ExchangeAsync("GET /readyz?verbose=1 HTTP/1.1\r\nHost: localhost\r\n\r\n")).Should().StartWith("HTTP/1.1 200 OK\r\n");
    }

    [Fact]
    public async Task Head_sends_the_headers_a_get_would_without_the_body()
    {
        var head = await ExchangeAsync("HEAD /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
        head.Should().StartWith("HTTP/1.1 200 OK\r\n").And.Contain("\r\nContent-Length: 3\r\n").And.EndWith("\r\n\r\n");

        var metrics = await ExchangeAsync("HEAD /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n");
        metrics.Should().StartWith("HTTP/1.1 200 OK\r\n")
            .And.Contain("\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n")
            .And.MatchRegex(@"\r\nContent-Length: [1-9][0-9]*\r\n")
            .And.EndWith("\r\n\r\n");
    }

    [Fact]
    public async Task Other_methods_are_told_which_are_allowed()
    {
        var response = await ExchangeAsync("DELETE /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");

        response.Should().StartWith("HTTP/1.1 405 Method Not Allowed\r\n").And.Contain("\r\nAllow: GET, HEAD\r\n");
    }

    [Fact]
    public async Task A_post_body_the_server_never_reads_does_not_reset_the_answer_away()
    {
        var body = new string('x', 20_000);

        var response = await ExchangeAsync($"POST /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: {body.Length}\r\n\r\n{body}");

        response.Should().StartWith("HTTP/1.1 405 ");
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n")]
    [InlineData("GET  /healthz HTTP/1.1\r\n\r\n")]
    [InlineData("GET healthz HTTP/1.1\r\n\r\n")]
    [InlineData("GET /healthz HTTX/1.1\r\n\r\n")]
    [InlineData("GET /healthz HTTP/1.1\r\nHost localhost\r\n\r\n")]
    [InlineData("GET /healthz HTTP/1.1\r\nHost : localhost\r\n\r\n")]
    [InlineData("GET /healthz HTTP/1.1\r\nHost: localhost\r\n folded\r\n\r\n")]
    public async Task A_malformed_request_gets_400_and_the_server_keeps_serving(string request)
    {
        (await ExchangeAsync(request)).Should().StartWith("HTTP/1.1 400 Bad Request\r\n");

        (await ExchangeAsync("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")).Should().StartWith("HTTP/1.1 200 OK\r\n");
    }

    [Fact]
    public async Task Another_http_version_gets_505()
    {
        (await ExchangeAsync("GET /healthz HTTP/2.0\r\n\r\n")).Should().StartWith("HTTP/1.1 505 ");
    }

    [Fact]
    public async Task An_oversized_header_block_is_refused_with_431()
    {
        var request = $"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Padding: {new string('a', HttpRequestReader.MaxHeadBytes)}\r\n\r\n";

        (await ExchangeAsync(request)).Should().StartWith("HTTP/1.1 431 Request Header Fields Too Large\r\n");
        (await ExchangeAsync("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")).Should().StartWith("HTTP/1.1 200 OK\r\n");
    }

    [Fact]
    public async Task Two_requests_in_progress_at_once_are_both_answered()
    {
        using var first = await ConnectAsync();
        using var second = await ConnectAsync();
        await SendAsync(first, "GET /healthz HTTP/1.1\r\n");
        await SendAsync(second, "GET /readyz HTTP/1.1\r\n");

        // Each finishes its request while the other's is still open: neither waits for the other.
        await SendAsync(second, "Host: localhost\r\n\r\n");
        (await ReadToEndAsync(second)).Should().StartWith("HTTP/1.1 200 OK\r\n");
        await SendAsync(first, "Host: localhost\r\n\r\n");
        (await ReadToEndAsync(first)).Should().StartWith("HTTP/1.1 200 OK\r\n");
    }

    [Fact]
    public async Task A_client_that_sends_nothing_blocks_no_one_and_is_timed_out()
    {
        using var idle = await ConnectAsync();

        (await ExchangeAsync("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")).Should().StartWith("HTTP/1.1 200 OK\r\n");

        // The idle connection was accepted (and its deadline armed) before the one just answered.
        time.Advance(RequestTimeout);
        (await ReadToEndAsync(idle)).Should().StartWith("HTTP/1.1 408 Request Timeout\r\n");
    }

    [Fact]
    public async Task Stopping_waits_for_the_request_being_answered()
    {
        var checkEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseCheck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.AddHealthCheck("slow", () =>
        {
            checkEntered.TrySetResult();
            releaseCheck.Task.Wait(Patience);
            return HealthCheckResult.Healthy;
        });
        using var client = await ConnectAsync();
        await SendAsync(client, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
        await checkEntered.Task.WaitAsync(Patience);

        var stop = server.StopAsync(CancellationToken.None);
        stop.IsCompleted.Should().BeFalse("a request is still being answered");
        releaseCheck.SetResult();

        (await ReadToEndAsync(client)).Should().StartWith("HTTP/1.1 200 OK\r\n");
        await stop.WaitAsync(Patience);
    }

    private async Task<TcpClient> ConnectAsync()
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.BaseUrl.Port);
        return client;
    }

    private static async Task SendAsync(TcpClient client, string text) =>
        await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>The server closes every connection after its response, so the end of the stream ends the response.</summary>
    private static async Task<string> ReadToEndAsync(TcpClient client)
    {
        using var received = new MemoryStream();
        await client.GetStream().CopyToAsync(received).WaitAsync(Patience);
        return Encoding.UTF8.GetString(received.ToArray());
    }

    private async Task<string> ExchangeAsync(string request)
    {
        using var client = await ConnectAsync();
        await SendAsync(client, request);
        return await ReadToEndAsync(client);
    }
}
