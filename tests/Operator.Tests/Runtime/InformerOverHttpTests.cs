using System.Threading.Channels;
using AtlasRestoreOperator.Operator.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AtlasRestoreOperator.Operator.Tests.Runtime;

public sealed class InformerOverHttpTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_informer_lists_watches_and_resumes_from_the_last_event_when_the_server_closes_the_stream()
    {
        var watchCount = 0;
        var resumedWatch = new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var stub = await KubernetesApiStub.StartAsync(async (request, context) =>
        {
            if (!request.Query.Contains("watch=true", StringComparison.Ordinal))
            {
                await KubernetesApiStub.WriteJsonAsync(context, 200,
                    """{"kind":"WidgetList","apiVersion":"example.com/v1","metadata":{"resourceVersion":"10"},"items":[{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","namespace":"default","resourceVersion":"9"}}]}""");
                return;
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            if (Interlocked.Increment(ref watchCount) == 1)
            {
                // The first watch delivers one event and ends, as at its timeout.
                await context.Response.WriteAsync(
                    """{"type":"ADDED","object":{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w2","namespace":"default","resourceVersion":"11"}}}""" + "\n",
                    context.RequestAborted);
                return;
            }

            resumedWatch.TrySetResult(request);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        using var kubernetes = stub.CreateClient();
        var client = new KubernetesResourceClient<TestWidget>(kubernetes, TestWidgetJsonContext.WidgetType);
        var informer = new Informer<TestWidget>(
            client, new InformerOptions(), new FakeTimeProvider(), NullLogger<Informer<TestWidget>>.Instance);
        var changes = Channel.CreateUnbounded<ObjectKey>();
        informer.Changed += key => changes.Writer.TryWrite(key);
        using var stop = new CancellationTokenSource();

        var run = informer.RunAsync(stop.Token);
        var first = await changes.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        var second = await changes.Reader.ReadAsync().AsTask().WaitAsync(Wait);

        new[] { first, second }.Should().Equal(new ObjectKey("default", "w1"), new ObjectKey("default", "w2"));
        var secondWatch = await resumedWatch.Task.WaitAsync(Wait);
        secondWatch.Query.Should().Contain("resourceVersion=11");
        stub.Requests.Count(r => !r.Query.Contains("watch=true", StringComparison.Ordinal)).Should().Be(1, "a clean close resumes without re-listing");
        informer.HasSynced.Should().BeTrue();

        await stop.CancelAsync();
        await run.WaitAsync(Wait);
    }
}
