using System.Text.Json.Nodes;
using AtlasRestoreOperator.Operator.Runtime;
using Microsoft.AspNetCore.Http;

namespace AtlasRestoreOperator.Operator.Tests.Runtime;

public sealed class KubernetesResourceClientTests
{
    private const string WidgetJson =
        """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1","namespace":"default","resourceVersion":"8"},"spec":{"size":3},"status":{"phase":"Done"}}""";

    private static readonly ObjectKey Key = new("default", "w1");

    [Fact]
    public async Task Get_reads_the_object_from_the_namespaced_custom_resource_path()
    {
        await using var stub = await KubernetesApiStub.StartAsync((_, context) => KubernetesApiStub.WriteJsonAsync(context, 200, WidgetJson));
        using var kubernetes = stub.CreateClient();
        var client = new KubernetesResourceClient<TestWidget>(kubernetes, TestWidgetJsonContext.WidgetType);

        var widget = await client.GetAsync(Key, CancellationToken.None);

        widget!.Spec!.Size.Should().Be(3);
        widget.Metadata.ResourceVersion.Should().Be("8");
        stub.Requests.Single().Should().Match<RecordedRequest>(r => r.Method == "GET" && r.Path == "/apis/example.com/v1/namespaces/default/widgets/w1");
    }

    [Fact]
    public async Task Get_of_a_missing_object_returns_null()
    {
        await using var stub = await KubernetesApiStub.StartAsync((_, context) =>
            KubernetesApiStub.WriteJsonAsync(context, 404, KubernetesApiStub.StatusJson(404, "NotFound", "widgets.example.com \"w1\" not found")));
        using var kubernetes = stub.CreateClient();
        var client = new KubernetesResourceClient<TestWidget>(kubernetes, TestWidgetJsonContext.WidgetType);

        (await client.GetAsync(Key, CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task Finalizers_are_set_by_a_merge_patch_carrying_the_resource_version_as_precondition()
    {
        await using var stub = await KubernetesApiStub.StartAsync((_, context) => KubernetesApiStub.WriteJsonAsync(context, 200, WidgetJson));
        using var kubernetes = stub.CreateClient();
        var client = new KubernetesResourceClient<TestWidget>(kubernetes, TestWidgetJsonContext.WidgetType);

        var stored = await client.PatchFinalizersAsync(
            TestWidget.Create("default", "w1", "7"), ["example.com/cleanup"], CancellationToken.None);

        stored.Metadata.ResourceVersion.Should().Be("8");
        var request = stub.Requests.Single();
        request.Method.Should().Be("PATCH");
        request.Path.Should().Be("/apis/example.com/v1/namespaces/default/widgets/w1");
        request.ContentType.Should().StartWith("application/merge-patch+json");
        JsonNode.DeepEquals(JsonNode.Parse(request.Body),
            JsonNode.Parse("""{"metadata":{"resourceVersion":"7","finalizers":["example.com/cleanup"]}}""")).Should().BeTrue(request.Body);
    }

    [Fact]
    public async Task Removing_every_finalizer_sends_an_empty_list()
    {
        await using var stub = await KubernetesApiStub.StartAsync((_, context) => KubernetesApiStub.WriteJsonAsync(context, 200, WidgetJson));
        using var kubernetes = stub.CreateClient();
        var client = new KubernetesResourceClient<TestWidget>(kubernetes, TestWidgetJsonContext.WidgetType);

        await client.PatchFinalizersAsync(TestWidget.Create("default", "w1", "7"), [], CancellationToken.None);

        JsonNode.Parse(stub.Requests.Single().Body)!["metadata"]!["finalizers"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task A_conflicting_finalizer_patch_throws_ResourceConflictException()
    {
        await using var stub = await KubernetesApiStub.StartAsync((_, context) => KubernetesApiStub.WriteJsonAsync(
            context, 409, KubernetesApiStub.StatusJson(409, "Conflict", "the object has been modified; please apply your changes to the latest version and try again")));
        using var kubernetes = stub.CreateClient();
        var client = new KubernetesResourceClient<TestWidget>(kubernetes, TestWidgetJsonContext.WidgetType);

        var patch = () => client.PatchFinalizersAsync(TestWidget.Create("default", "w1", "7"), ["example.com/cleanup"], CancellationToken.None);

        (await patch.Should().ThrowAsync<ResourceConflictException>()).WithMessage("*default/w1*409*");
    }

    [Fact]
    public async Task Status_is_replaced_by_a_put_to_the_status_subresource_with_the_resource_version()
    {
        await using var stub = await KubernetesApiStub.StartAsync((_, context) => KubernetesApiStub.WriteJsonAsync(context, 200, WidgetJson));
        using var kubernetes = stub.CreateClient();
        var client = new KubernetesResourceClient<TestWidget>(kubernetes, TestWidgetJsonContext.WidgetType);
        var widget = TestWidget.Create("default", "w1", "7");
        widget.Status = new TestWidgetStatus { Phase = "Done" };

        var stored = await client.ReplaceStatusAsync(widget, CancellationToken.None);

        stored.Metadata.ResourceVersion.Should().Be("8");
        var request = stub.Requests.Single();
        request.Method.Should().Be("PUT");
        request.Path.Should().Be("/apis/example.com/v1/namespaces/default/widgets/w1/status");
        var body = JsonNode.Parse(request.Body)!;
        body["metadata"]!["resourceVersion"]!.GetValue<string>().Should().Be("7");
        body["status"]!["phase"]!.GetValue<string>().Should().Be("Done");
    }

    [Fact]
    public async Task A_conflicting_status_replace_throws_ResourceConflictException()
    {
        await using var stub = await KubernetesApiStub.StartAsync((_, context) =>
            KubernetesApiStub.WriteJsonAsync(context, 409, KubernetesApiStub.StatusJson(409, "Conflict", "the object has been modified")));
        using var kubernetes = stub.CreateClient();
        var client = new KubernetesResourceClient<TestWidget>(kubernetes, TestWidgetJsonContext.WidgetType);

        var replace = () => client.ReplaceStatusAsync(TestWidget.Create("default", "w1", "7"), CancellationToken.None);

        await replace.Should().ThrowAsync<ResourceConflictException>();
    }

    [Fact]
    public async Task A_write_without_a_resource_version_is_refused_before_any_request()
    {
        await using var stub = await KubernetesApiStub.StartAsync((_, context) => KubernetesApiStub.WriteJsonAsync(context, 200, WidgetJson));
        using var kubernetes = stub.CreateClient();
        var client = new KubernetesResourceClient<TestWidget>(kubernetes, TestWidgetJsonContext.WidgetType);

        var replace = () => client.ReplaceStatusAsync(TestWidget.Create("default", "w1", ""), CancellationToken.None);

        (await replace.Should().ThrowAsync<ArgumentException>()).WithMessage("*metadata.resourceVersion*");
        stub.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task List_returns_the_items_and_the_list_resource_version_for_one_namespace_or_all()
    {
        await using var stub = await KubernetesApiStub.StartAsync((_, context) => KubernetesApiStub.WriteJsonAsync(context, 200,
            $$"""{"apiVersion":"example.com/v1","kind":"WidgetList","metadata":{"resourceVersion":"42"},"items":[{{WidgetJson}}]}"""));
        using var kubernetes = stub.CreateClient();
        var client = new KubernetesResourceClient<TestWidget>(kubernetes, TestWidgetJsonContext.WidgetType);

        var namespaced = await client.ListAsync("default", CancellationToken.None);
        var all = await client.ListAsync(null, CancellationToken.None);

        namespaced.ResourceVersion.Should().Be("42");
        namespaced.Items.Should().ContainSingle().Which.Metadata.Name.Should().Be("w1");
        all.Items.Should().HaveCount(1);
        stub.Requests.Select(r => r.Path).Should().Equal(
            "/apis/example.com/v1/namespaces/default/widgets", "/apis/example.com/v1/widgets");
    }

    [Fact]
    public async Task Watch_asks_for_bookmarks_and_a_timeout_from_the_resource_version_and_reads_every_line()
    {
        await using var stub = await KubernetesApiStub.StartAsync(async (_, context) =>
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            string[] lines =
            [
                $$"""{"type":"ADDED","object":{{WidgetJson}}}""",
                """{"type":"BOOKMARK","object":{"kind":"Widget","apiVersion":"example.com/v1","metadata":{"resourceVersion":"9"}}}""",
                $$"""{"type":"DELETED","object":{{WidgetJson.Replace("\"8\"", "\"10\"", StringComparison.Ordinal)}}}""",
                """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (5)","reason":"Expired","code":410}}""",
            ];
            foreach (var line in lines)
            {
                await context.Response.WriteAsync(line + "\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });
        using var kubernetes = stub.CreateClient();
        var client = new KubernetesResourceClient<TestWidget>(kubernetes, TestWidgetJsonContext.WidgetType);

        var events = new List<ResourceWatchEvent<TestWidget>>();
        await foreach (var watchEvent in client.WatchAsync("default", "7", allowBookmarks: true, timeoutSeconds: 300, CancellationToken.None))
        {
            events.Add(watchEvent);
        }

        events.Select(e => e.Kind).Should().Equal(WatchEventKind.Added, WatchEventKind.Bookmark, WatchEventKind.Deleted, WatchEventKind.Error);
        events.Select(e => e.ResourceVersion).Should().Equal("8", "9", "10", null);
        events[0].Object!.Spec!.Size.Should().Be(3);
        events[3].Error.Should().Be(new WatchErrorStatus(410, "Expired", "too old resource version: 1 (5)"));
        var request = stub.Requests.Single();
        request.Path.Should().Be("/apis/example.com/v1/namespaces/default/widgets");
        request.Query.Should().Contain("watch=true").And.Contain("resourceVersion=7")
            .And.Contain("allowWatchBookmarks=true").And.Contain("timeoutSeconds=300");
    }

    [Fact]
    public async Task A_watch_answered_with_410_throws_ResourceExpiredException()
    {
        await using var stub = await KubernetesApiStub.StartAsync((_, context) =>
            KubernetesApiStub.WriteJsonAsync(context, 410, KubernetesApiStub.StatusJson(410, "Expired", "too old resource version")));
        using var kubernetes = stub.CreateClient();
        var client = new KubernetesResourceClient<TestWidget>(kubernetes, TestWidgetJsonContext.WidgetType);

        var watch = async () =>
        {
            await foreach (var unused in client.WatchAsync(null, "1", allowBookmarks: true, timeoutSeconds: 300, CancellationToken.None))
            {
            }
        };

        await watch.Should().ThrowAsync<ResourceExpiredException>();
        stub.Requests.Single().Path.Should().Be("/apis/example.com/v1/widgets");
    }
}
