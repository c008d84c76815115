using AtlasRestoreOperator.Operator.Runtime;

namespace AtlasRestoreOperator.Operator.Tests.Runtime;

public sealed class StatusWriterTests
{
    private static StatusWriter<TestWidget, TestWidgetStatus> WriterFor(IResourceClient<TestWidget> client) =>
        new(client, TestWidgetJsonContext.Default.TestWidgetStatus, w => w.Status, (w, status) => new TestWidget
        {
            ApiVersion = w.ApiVersion,
            Kind = w.Kind,
            Metadata = w.Metadata,
            Spec = w.Spec,
            Status = status,
        });

    private static TestWidget WidgetWith(string resourceVersion, string? phase)
    {
        var widget = TestWidget.Create("team-a", "w1", resourceVersion);
        widget.Status = phase is null ? null : new TestWidgetStatus { Phase = phase };
        return widget;
    }

    [Fact]
    public async Task An_equal_status_sends_no_request_and_returns_the_object_as_given()
    {
        var current = WidgetWith("7", "Running");
        var client = new CountingWidgetStatusClient(current);

        // A different instance with the same content: equality is by content, not by reference.
        var result = await WriterFor(client).WriteAsync(current, new TestWidgetStatus { Phase = "Running" }, CancellationToken.None);

        client.StatusReplaces.Should().BeEmpty();
        result.Written.Should().BeFalse();
        result.Resource.Should().BeSameAs(current);
    }

    [Fact]
    public async Task A_claim_is_sent_even_when_the_status_is_equal_so_its_precondition_is_checked()
    {
        var current = WidgetWith("7", "Running");
        var client = new CountingWidgetStatusClient(current);

        var stored = await WriterFor(client).ClaimAsync(current, new TestWidgetStatus { Phase = "Running" }, CancellationToken.None);

        client.StatusReplaces.Should().ContainSingle().Which.Metadata.ResourceVersion.Should().Be("7");
        stored.Metadata.ResourceVersion.Should().Be("8");
    }

    [Fact]
    public async Task A_changed_status_is_replaced_once_with_the_objects_resourceVersion_and_the_stored_object_is_returned()
    {
        var current = WidgetWith("7", "Running");
        var client = new CountingWidgetStatusClient(current);

        var result = await WriterFor(client).WriteAsync(current, new TestWidgetStatus { Phase = "Completed" }, CancellationToken.None);

        var sent = client.StatusReplaces.Should().ContainSingle().Subject;
        sent.Metadata.ResourceVersion.Should().Be("7");
        sent.Status!.Phase.Should().Be("Completed");
        result.Written.Should().BeTrue();
        result.Resource.Metadata.ResourceVersion.Should().Be("8");
        result.Resource.Status!.Phase.Should().Be("Completed");
    }

    [Fact]
    public async Task A_first_status_on_an_object_without_one_is_written()
    {
        var current = WidgetWith("3", null);
        var client = new CountingWidgetStatusClient(current);

        var result = await WriterFor(client).WriteAsync(current, new TestWidgetStatus(), CancellationToken.None);

        client.StatusReplaces.Should().ContainSingle();
        result.Written.Should().BeTrue();
    }

    [Fact]
    public async Task A_conflict_reaches_the_caller()
    {
        var stale = WidgetWith("7", "Running");
        var client = new CountingWidgetStatusClient(WidgetWith("9", "Running"));

        var write = () => WriterFor(client).WriteAsync(stale, new TestWidgetStatus { Phase = "Completed" }, CancellationToken.None);

        await write.Should().ThrowAsync<ResourceConflictException>();
        client.StatusReplaces.Should().ContainSingle();
        client.Stored.Status!.Phase.Should().Be("Running");
    }
}
