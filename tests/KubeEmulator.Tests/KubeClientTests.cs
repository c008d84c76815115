using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using WatchEventType = k8s.WatchEventType;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Tests;

/// <summary>The emulator driven by KubernetesClient, as the operator drives it.</summary>
public sealed class KubeClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private KubeApiEmulator _emulator = null!;
    private Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await KubeApiEmulator.StartAsync(new KubeApiEmulatorOptions { TimeProvider = _time, AllowAnonymous = false });
        _client = TestClients.For(_emulator);
        await WidgetObjects.InstallCrdAsync(_client);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task A_created_crd_is_established_and_its_custom_objects_round_trip()
    {
        var crd = await _client.ApiextensionsV1.ReadCustomResourceDefinitionAsync("widgets.example.com");
        crd.Status.Conditions.Should().Contain(c => c.Type == "Established" && c.Status == "True");
        crd.Status.Conditions.Should().Contain(c => c.Type == "NamesAccepted" && c.Status == "True");
        crd.Status.AcceptedNames.Kind.Should().Be("Widget");
        crd.Status.StoredVersions.Should().Equal("v1");

        var created = await WidgetObjects.CreateAsync(_client, WidgetObjects.New("w1", 3));
        var read = await WidgetObjects.GetAsync(_client, "w1");
        read["spec"]!["size"]!.GetValue<int>().Should().Be(3);
        KubeObject.Generation(read).Should().Be(1);
        KubeObject.Uid(read).Should().NotBeNullOrEmpty();
        KubeObject.MetadataString(read, "creationTimestamp").Should().Be("2026-01-01T00:00:00Z");

        read["spec"]!["size"] = 4;
        var replaced = await WidgetObjects.ReplaceAsync(_client, read);
        KubeObject.Generation(replaced).Should().Be(2);
        long.Parse(KubeObject.ResourceVersion(replaced)!).Should().BeGreaterThan(long.Parse(KubeObject.ResourceVersion(created)!));

        var list = await WidgetObjects.ListAsync(_client);
        list["kind"]!.GetValue<string>().Should().Be("WidgetList");
        list["items"]!.AsArray().Should().ContainSingle();

        await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(WidgetObjects.Group, WidgetObjects.Version, "default", WidgetObjects.Plural, "w1");
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => WidgetObjects.GetAsync(_client, "w1"));
        missing.Response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        missing.Response.Content.Should().Be(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"widgets.example.com \"w1\" not found","reason":"NotFound","details":{"name":"w1","group":"example.com","kind":"widgets"},"code":404}""");
    }

    [Fact]
    public async Task Label_selectors_filter_lists()
    {
        await WidgetObjects.CreateAsync(_client, WidgetObjects.New("small", 1));
        await WidgetObjects.CreateAsync(_client, WidgetObjects.New("large", 9));

        Names(await WidgetObjects.ListAsync(_client, "size=9")).Should().Equal("large");
        Names(await WidgetObjects.ListAsync(_client, "size!=9")).Should().Equal("small");
        Names(await WidgetObjects.ListAsync(_client, "size in (1,9),app")).Should().Equal("large", "small");
        Names(await WidgetObjects.ListAsync(_client, "size notin (1)")).Should().Equal("large");
        Names(await WidgetObjects.ListAsync(_client, "!app")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_watch_from_a_list_resource_version_replays_every_later_change_in_order()
    {
        await WidgetObjects.CreateAsync(_client, WidgetObjects.New("before", 1));
        var listVersion = KubeObject.ResourceVersion(await WidgetObjects.ListAsync(_client))!;
        await WidgetObjects.CreateAsync(_client, WidgetObjects.New("after", 2));
        await WidgetObjects.PatchAsync(_client, "before", """{"spec":{"size":5}}""");
        await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(WidgetObjects.Group, WidgetObjects.Version, "default", WidgetObjects.Plural, "after");

        var events = await CollectAsync(Watch(listVersion), 3);

        events.Select(e => (e.Type, KubeObject.Name(e.Object))).Should().Equal(
            (WatchEventType.Added, "after"), (WatchEventType.Modified, "before"), (WatchEventType.Deleted, "after"));
        events[1].Object["spec"]!["size"]!.GetValue<int>().Should().Be(5);
    }

    [Fact]
    public async Task A_watch_sends_bookmarks_on_the_clock_and_one_at_its_timeout()
    {
        var created = await WidgetObjects.CreateAsync(_client, WidgetObjects.New("w", 1));
        var watching = WatchOpened();
        await using var events = Watch(KubeObject.ResourceVersion(created)!, bookmarks: true, timeoutSeconds: 150).GetAsyncEnumerator();
        var first = events.MoveNextAsync().AsTask();
        await watching.WaitAsync(Safety);

        _time.Advance(TimeSpan.FromMinutes(1));
        (await first.WaitAsync(Safety)).Should().BeTrue();
        events.Current.Type.Should().Be(WatchEventType.Bookmark);
        KubeObject.ResourceVersion(events.Current.Object).Should().Be(KubeObject.ResourceVersion(created));

        await WidgetObjects.PatchAsync(_client, "w", """{"spec":{"size":2}}""");
        (await events.MoveNextAsync().AsTask().WaitAsync(Safety)).Should().BeTrue();
        events.Current.Type.Should().Be(WatchEventType.Modified);
        var modifiedVersion = KubeObject.ResourceVersion(events.Current.Object);

        // One timer per step: the 120 s tick, then the 150 s timeout, so the order of two timers never decides the outcome.
        var tick = events.MoveNextAsync().AsTask();
        _time.Advance(TimeSpan.FromMinutes(1));
        (await tick.WaitAsync(Safety)).Should().BeTrue();
        events.Current.Type.Should().Be(WatchEventType.Bookmark);
        KubeObject.ResourceVersion(events.Current.Object).Should().Be(modifiedVersion);

        var atTimeout = events.MoveNextAsync().AsTask();
        _time.Advance(TimeSpan.FromSeconds(30));
        (await atTimeout.WaitAsync(Safety)).Should().BeTrue();
        events.Current.Type.Should().Be(WatchEventType.Bookmark, "a watch that times out ends with a bookmark");
        KubeObject.ResourceVersion(events.Current.Object).Should().Be(modifiedVersion);
        (await events.MoveNextAsync().AsTask().WaitAsync(Safety)).Should().BeFalse("the stream ends at timeoutSeconds");
    }

    [Fact]
    public async Task A_watch_from_a_version_older_than_the_history_gets_410_expired()
    {
        var created = await WidgetObjects.CreateAsync(_client, WidgetObjects.New("w", 1));
        var oldVersion = KubeObject.ResourceVersion(created)!;
        await WidgetObjects.PatchAsync(_client, "w", """{"spec":{"size":2}}""");
        _emulator.Store.ExpireHistory();

        var errors = new List<Exception>();

        var events = await CollectAsync(Watch(oldVersion, onError: errors.Add), 1);

        events.Should().BeEmpty("the stream ends after the error event");
        var status = errors.Should().ContainSingle().Which.Should().BeOfType<KubernetesException>().Subject.Status;
        status.Code.Should().Be(410);
        status.Reason.Should().Be("Expired");
        status.Message.Should().Be($"too old resource version: {oldVersion} ({_emulator.Store.CurrentResourceVersion})");
    }

    [Fact]
    public async Task A_watch_replays_within_the_bounded_history_and_expires_beyond_it()
    {
        var time = new FakeTimeProvider(_time.GetUtcNow());
        await using var small = await KubeApiEmulator.StartAsync(new KubeApiEmulatorOptions { WatchHistorySize = 2, TimeProvider = time });
        using var client = TestClients.For(small);
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "a" } }, "default");
        var afterFirst = small.Store.CurrentResourceVersion;
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "b" } }, "default");
        var afterSecond = small.Store.CurrentResourceVersion;
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" } }, "default");
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "d" } }, "default");
        using var http = new HttpClient { BaseAddress = small.BaseUrl };

        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        small.Store.WatchOpened += _ => opened.TrySetResult();

        var replaying = http.GetStringAsync($"api/v1/namespaces/default/configmaps?watch=true&resourceVersion={afterSecond}&timeoutSeconds=1");
        await opened.Task.WaitAsync(Safety);
        time.Advance(TimeSpan.FromSeconds(1));
        var replay = await replaying.WaitAsync(Safety);
        var expired = await http.GetStringAsync($"api/v1/namespaces/default/configmaps?watch=true&resourceVersion={afterFirst}");

        replay.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => KubeObject.Name(JsonNode.Parse(l)!["object"]!.AsObject())).Should().Equal("c", "d");
        expired.Should().Be($$$"""{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: {{{afterFirst}}} ({{{afterSecond}}})","reason":"Expired","code":410}}""" + "\n");
    }

    [Fact]
    public async Task Status_writes_keep_the_generation_and_main_resource_writes_ignore_status()
    {
        await WidgetObjects.CreateAsync(_client, WidgetObjects.New("w", 1));

        var afterStatus = await WidgetObjects.PatchStatusAsync(_client, "w", """{"status":{"phase":"Running"},"spec":{"size":7}}""");
        var afterMain = await WidgetObjects.PatchAsync(_client, "w", """{"status":{"phase":"Hacked"},"metadata":{"labels":{"x":"y"}}}""");
        var afterSpec = await WidgetObjects.PatchAsync(_client, "w", """{"spec":{"size":3}}""");

        afterStatus["status"]!["phase"]!.GetValue<string>().Should().Be("Running");
        afterStatus["spec"]!["size"]!.GetValue<int>().Should().Be(1, "spec sent to /status is ignored");
        KubeObject.Generation(afterStatus).Should().Be(1);
        afterMain["status"]!["phase"]!.GetValue<string>().Should().Be("Running", "status sent to the main resource is ignored");
        KubeObject.Generation(afterMain).Should().Be(1, "label changes do not bump the generation");
        KubeObject.Generation(afterSpec).Should().Be(2);
    }

    [Fact]
    public async Task Updates_need_the_current_resource_version()
    {
        var created = await WidgetObjects.CreateAsync(_client, WidgetObjects.New("w", 1));
        await WidgetObjects.PatchAsync(_client, "w", """{"spec":{"size":2}}""");

        var stale = await Assert.ThrowsAsync<HttpOperationException>(() => WidgetObjects.ReplaceAsync(_client, created));
        KubeObject.Metadata(created).Remove("resourceVersion");
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => WidgetObjects.ReplaceAsync(_client, created));

        stale.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        Message(stale).Should().Be("Operation cannot be fulfilled on widgets.example.com \"w\": the object has been modified; please apply your changes to the latest version and try again");
        missing.Response.StatusCode.Should().Be((HttpStatusCode)422);
        Message(missing).Should().Be("widgets.example.com \"w\" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update");
    }

    [Fact]
    public async Task A_finalizer_keeps_a_deleted_object_terminating_until_it_is_removed()
    {
        await WidgetObjects.CreateAsync(_client, WidgetObjects.New("w", 1, "red", "example.com/cleanup"));
        _time.Advance(TimeSpan.FromSeconds(5));

        var deleteResponse = await _client.CustomObjects.DeleteNamespacedCustomObjectAsync(WidgetObjects.Group, WidgetObjects.Version, "default", WidgetObjects.Plural, "w");
        var terminating = WidgetObjects.ToNode(deleteResponse);
        var addFinalizer = await Assert.ThrowsAsync<HttpOperationException>(() =>
            WidgetObjects.PatchAsync(_client, "w", """{"metadata":{"finalizers":["example.com/cleanup","example.com/other"]}}"""));
        await WidgetObjects.PatchAsync(_client, "w", """[{"op":"remove","path":"/metadata/finalizers"}]""", V1Patch.PatchType.JsonPatch);

        KubeObject.MetadataString(terminating, "deletionTimestamp").Should().Be("2026-01-01T00:00:05Z");
        terminating["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<int>().Should().Be(0);
        KubeObject.Generation(terminating).Should().Be(2);
        addFinalizer.Response.StatusCode.Should().Be((HttpStatusCode)422);
        Message(addFinalizer).Should().Be(
            "Widget.example.com \"w\" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"example.com/other\"}");
        _emulator.Store.Get("example.com", "widgets", "default", "w").Should().BeNull();
    }

    [Fact]
    public async Task Leases_are_created_and_updated_with_optimistic_locking()
    {
        var lease = await _client.CoordinationV1.CreateNamespacedLeaseAsync(
            new V1Lease { Metadata = new V1ObjectMeta { Name = "operator-lock" }, Spec = new V1LeaseSpec { HolderIdentity = "a", LeaseDurationSeconds = 15 } }, "default");
        lease.Spec.HolderIdentity = "b";
        var renewed = await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "operator-lock", "default");
        lease.Spec.HolderIdentity = "c";

        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "operator-lock", "default"));
        var taken = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoordinationV1.CreateNamespacedLeaseAsync(
            new V1Lease { Metadata = new V1ObjectMeta { Name = "operator-lock" } }, "default"));

        renewed.Spec.HolderIdentity.Should().Be("b");
        conflict.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        Message(conflict).Should().StartWith("Operation cannot be fulfilled on leases.coordination.k8s.io \"operator-lock\"");
        taken.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        Message(taken).Should().Be("leases.coordination.k8s.io \"operator-lock\" already exists");
    }

    [Fact]
    public async Task Secret_string_data_is_stored_as_base64_data()
    {
        await _client.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "atlas-credentials" },
            StringData = new Dictionary<string, string> { ["publicApiKey"] = "pub" },
            Data = new Dictionary<string, byte[]> { ["privateApiKey"] = "priv"u8.ToArray() },
        }, "default");

        var secret = await _client.CoreV1.ReadNamespacedSecretAsync("atlas-credentials", "default");

        secret.StringData.Should().BeNull();
        secret.Type.Should().Be("Opaque");
        secret.Data.ToDictionary(p => p.Key, p => System.Text.Encoding.UTF8.GetString(p.Value))
            .Should().Equal(new Dictionary<string, string> { ["privateApiKey"] = "priv", ["publicApiKey"] = "pub" });
    }

    [Fact]
    public async Task Events_are_recorded_and_found_by_involved_object()
    {
        await _client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { GenerateName = "w." },
            InvolvedObject = new V1ObjectReference { Kind = "Widget", Name = "w", NamespaceProperty = "default", ApiVersion = "example.com/v1" },
            Reason = "Submitted",
            Message = "submitted",
            Type = "Normal",
        }, "default");
        await _client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "other.1" },
            InvolvedObject = new V1ObjectReference { Kind = "Widget", Name = "other", NamespaceProperty = "default", ApiVersion = "example.com/v1" },
            Reason = "Ignored",
            Message = "about another widget",
            Type = "Normal",
        }, "default");
        await _client.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { Name = "other" },
            Regarding = new V1ObjectReference { Kind = "Widget", Name = "other", NamespaceProperty = "default" },
            Reason = "Adopted",
            EventTime = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            ReportingController = "test",
            ReportingInstance = "test-1",
            Action = "Adopt",
            Type = "Normal",
        }, "default");

        var forW = await _client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.kind=Widget,involvedObject.name=w");
        var modern = await _client.EventsV1.ListNamespacedEventAsync("default");

        forW.Items.Should().ContainSingle().Which.Reason.Should().Be("Submitted");
        forW.Items[0].Metadata.Name.Should().StartWith("w.").And.HaveLength(7);
        modern.Items.Should().ContainSingle().Which.Reason.Should().Be("Adopted");
    }

    [Fact]
    public async Task Requests_without_the_token_get_401_when_anonymous_access_is_off()
    {
        using var anonymous = new HttpClient { BaseAddress = _emulator.BaseUrl };
        using var wrongToken = new HttpClient { BaseAddress = _emulator.BaseUrl };
        wrongToken.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "wrong");

        var withoutToken = await anonymous.GetAsync("api/v1/namespaces");
        var withWrongToken = await wrongToken.GetAsync("api/v1/namespaces");

        withoutToken.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await withoutToken.Content.ReadAsStringAsync()).Should().Be(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""");
        withWrongToken.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await _client.CoreV1.ListNamespaceAsync()).Items.Select(n => n.Metadata.Name).Should().Contain(["default", "kube-system"]);
    }

    [Fact]
    public async Task Injected_faults_fail_matching_requests_the_given_number_of_times()
    {
        await WidgetObjects.CreateAsync(_client, WidgetObjects.New("w", 1));
        _emulator.Faults.InjectServerError(1, r => r.Method == "PATCH" && r.Subresource == "status");
        _emulator.Faults.InjectConflict(1, r => r.Method == "PATCH" && r.Subresource == "status");

        var first = await Assert.ThrowsAsync<HttpOperationException>(() => WidgetObjects.PatchStatusAsync(_client, "w", """{"status":{"phase":"A"}}"""));
        var second = await Assert.ThrowsAsync<HttpOperationException>(() => WidgetObjects.PatchStatusAsync(_client, "w", """{"status":{"phase":"A"}}"""));
        var third = await WidgetObjects.PatchStatusAsync(_client, "w", """{"status":{"phase":"A"}}""");

        first.Response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        second.Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        third["status"]!["phase"]!.GetValue<string>().Should().Be("A");
    }

    [Fact]
    public async Task Injected_latency_holds_a_request_until_the_emulator_clock_passes_it()
    {
        await WidgetObjects.CreateAsync(_client, WidgetObjects.New("slow", 1));
        var taken = new TaskCompletionSource<KubeRequestInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        _emulator.Faults.FaultTaken += (request, kind) =>
        {
            if (kind == FaultKind.Latency)
            {
                taken.TrySetResult(request);
            }
        };
        _emulator.Faults.InjectLatency(1, TimeSpan.FromSeconds(5), r => r.Method == "PATCH" && r.Name == "slow");

        var patching = WidgetObjects.PatchAsync(_client, "slow", """{"spec":{"size":2}}""");
        var request = await taken.Task.WaitAsync(Safety);
        _time.Advance(TimeSpan.FromSeconds(4));

        request.Method.Should().Be("PATCH");
        patching.IsCompleted.Should().BeFalse("the delay has not passed on the emulator's clock");
        _emulator.Store.Get("example.com", "widgets", "default", "slow")!["spec"]!["size"]!.GetValue<int>().Should().Be(1);
        _time.Advance(TimeSpan.FromSeconds(1));
        (await patching.WaitAsync(Safety))["spec"]!["size"]!.GetValue<int>().Should().Be(2);
    }

    [Fact]
    public async Task Dropping_watches_ends_open_streams()
    {
        var before = _emulator.Store.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await WidgetObjects.CreateAsync(_client, WidgetObjects.New("w", 1));
        await using var events = Watch(before).GetAsyncEnumerator();
        (await events.MoveNextAsync().AsTask().WaitAsync(Safety)).Should().BeTrue();
        var next = events.MoveNextAsync().AsTask();

        _emulator.Faults.DropAllWatches();

        (await next.WaitAsync(Safety)).Should().BeFalse();
        _emulator.Store.OpenWatchCount.Should().Be(0);
    }

    [Fact]
    public async Task A_restarted_emulator_keeps_the_state_of_the_store_it_is_given()
    {
        await WidgetObjects.CreateAsync(_client, WidgetObjects.New("kept", 1));
        var store = _emulator.Store;
        await _emulator.StopAsync();

        await using var restarted = await KubeApiEmulator.StartAsync(new KubeApiEmulatorOptions { Store = store, TimeProvider = _time });
        using var client = TestClients.For(restarted);

        KubeObject.Name(await WidgetObjects.GetAsync(client, "kept")).Should().Be("kept");
    }

    [Fact]
    public async Task A_table_lists_the_printer_columns_with_ages_on_the_emulator_clock()
    {
        await WidgetObjects.CreateAsync(_client, WidgetObjects.New("w", 4));
        await WidgetObjects.PatchStatusAsync(_client, "w", """{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"False"}]}}""");
        _time.Advance(TimeSpan.FromSeconds(39));
        using var http = new HttpClient { BaseAddress = _emulator.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _emulator.BearerToken);
        http.DefaultRequestHeaders.TryAddWithoutValidation("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");

        var table = JsonNode.Parse(await http.GetStringAsync("apis/example.com/v1/namespaces/default/widgets?limit=500"))!;

        table["kind"]!.GetValue<string>().Should().Be("Table");
        table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).Should().Equal("Name", "Size", "Phase", "Ready", "Age");
        table["rows"]![0]!["cells"]!.ToJsonString().Should().Be("""["w",4,"Running","False","39s"]""");
        table["rows"]![0]!["object"]!["kind"]!.GetValue<string>().Should().Be("PartialObjectMetadata");
    }

    private async IAsyncEnumerable<(WatchEventType Type, JsonObject Object)> Watch(
        string resourceVersion, bool bookmarks = false, int? timeoutSeconds = null, Action<Exception>? onError = null)
    {
        var events = _client.CustomObjects.WatchListNamespacedCustomObjectAsync(
            WidgetObjects.Group, WidgetObjects.Version, "default", WidgetObjects.Plural,
            allowWatchBookmarks: bookmarks, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds, onError: onError);
        await foreach (var (type, obj) in events)
        {
            yield return (type, WidgetObjects.ToNode(obj));
        }
    }

    private static async Task<List<(WatchEventType Type, JsonObject Object)>> CollectAsync(IAsyncEnumerable<(WatchEventType Type, JsonObject Object)> events, int count)
    {
        var collected = new List<(WatchEventType, JsonObject)>();
        await using var enumerator = events.GetAsyncEnumerator();
        while (collected.Count < count && await enumerator.MoveNextAsync().AsTask().WaitAsync(Safety))
        {
            collected.Add(enumerator.Current);
        }

        return collected;
    }

    private Task WatchOpened()
    {
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _emulator.Store.WatchOpened += _ => opened.TrySetResult();
        return opened.Task;
    }

    private static IEnumerable<string> Names(JsonObject list) => list["items"]!.AsArray().Select(i => KubeObject.Name(i!.AsObject()));

    private static string Message(HttpOperationException exception) => JsonNode.Parse(exception.Response.Content)!["message"]!.GetValue<string>();
}
