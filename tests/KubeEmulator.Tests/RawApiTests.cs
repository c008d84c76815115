using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Tests;

/// <summary>Wire-level behaviour clients see but KubernetesClient hides: warnings, dry runs, paging, selectors on watches, table watches.</summary>
public sealed class RawApiTests : IAsyncLifetime
{
    private const string Widgets = "apis/example.com/v1/namespaces/default/widgets";
    private KubeApiEmulator _emulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _emulator = await KubeApiEmulator.StartAsync(new KubeApiEmulatorOptions());
        _http = new HttpClient { BaseAddress = _emulator.BaseUrl };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _emulator.BearerToken);
        using var client = TestClients.For(_emulator);
        await WidgetObjects.InstallCrdAsync(client);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task Unknown_fields_are_pruned_with_a_warning_when_field_validation_is_warn()
    {
        var widget = WidgetObjects.New("w", 1);
        widget["spec"]!["foo"] = "bar";

        using var response = await PostAsync(Widgets, widget);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        response.Headers.GetValues("Warning").Should().Equal("299 - \"unknown field \\\"spec.foo\\\"\"");
        _emulator.Store.Get("example.com", "widgets", "default", "w")!["spec"]!.AsObject().Select(p => p.Key).Should().Equal("size", "color");
    }

    [Fact]
    public async Task A_dry_run_create_returns_the_object_without_storing_it()
    {
        using var response = await PostAsync(Widgets + "?dryRun=All", WidgetObjects.New("dry", 1));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        KubeObject.Name(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject()).Should().Be("dry");
        _emulator.Store.Get("example.com", "widgets", "default", "dry").Should().BeNull();
    }

    [Fact]
    public async Task Creating_in_a_missing_namespace_is_not_found()
    {
        using var response = await PostAsync("apis/example.com/v1/namespaces/nowhere/widgets", WidgetObjects.New("w", 1));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Be(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"namespaces \"nowhere\" not found","reason":"NotFound","details":{"name":"nowhere","kind":"namespaces"},"code":404}""");
    }

    [Fact]
    public async Task A_name_that_is_not_a_dns_subdomain_is_invalid()
    {
        using var response = await PostAsync(Widgets, WidgetObjects.New("Bad_Name", 1));

        response.StatusCode.Should().Be((HttpStatusCode)422);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]!.GetValue<string>().Should().Be(
            "Widget.example.com \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case " +
            "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is " +
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    }

    [Fact]
    public async Task A_schema_violation_is_422_with_one_cause_per_field()
    {
        using var response = await PostAsync(Widgets, WidgetObjects.New("bad", 0, "Red1"));

        response.StatusCode.Should().Be((HttpStatusCode)422);
        (await response.Content.ReadAsStringAsync()).Should().Be(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Widget.example.com \"bad\" is invalid: [spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1, spec.color: Invalid value: \"Red1\": spec.color in body should match '^[a-z]+$']","reason":"Invalid","details":{"name":"bad","group":"example.com","kind":"Widget","causes":[{"reason":"FieldValueInvalid","message":"Invalid value: 0: spec.size in body should be greater than or equal to 1","field":"spec.size"},{"reason":"FieldValueInvalid","message":"Invalid value: \"Red1\": spec.color in body should match '^[a-z]+$'","field":"spec.color"}]},"code":422}""");
    }

    [Fact]
    public async Task A_stale_update_is_409_with_the_resource_in_details()
    {
        using var created = await PostAsync(Widgets, WidgetObjects.New("w", 1));
        var stale = JsonNode.Parse(await created.Content.ReadAsStringAsync())!.AsObject();
        await PatchAsync(Widgets + "/w", """{"spec":{"size":2}}""");

        using var response = await _http.PutAsync(Widgets + "/w", new StringContent(stale.ToJsonString(), Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).Should().Be(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Operation cannot be fulfilled on widgets.example.com \"w\": the object has been modified; please apply your changes to the latest version and try again","reason":"Conflict","details":{"name":"w","group":"example.com","kind":"widgets"},"code":409}""");
    }

    [Fact]
    public async Task Lists_page_with_limit_and_continue()
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            (await PostAsync(Widgets, WidgetObjects.New(name, 1))).Dispose();
        }

        var first = JsonNode.Parse(await _http.GetStringAsync(Widgets + "?limit=2"))!;
        var token = first["metadata"]!["continue"]!.GetValue<string>();
        var second = JsonNode.Parse(await _http.GetStringAsync(Widgets + "?limit=2&continue=" + Uri.EscapeDataString(token)))!;

        first["items"]!.AsArray().Select(i => KubeObject.Name(i!.AsObject())).Should().Equal("a", "b");
        second["items"]!.AsArray().Select(i => KubeObject.Name(i!.AsObject())).Should().Equal("c");
        second["metadata"]!.AsObject().ContainsKey("continue").Should().BeFalse();
    }

    [Fact]
    public async Task A_field_selector_on_an_unsupported_field_of_a_custom_resource_is_a_bad_request()
    {
        using var response = await _http.GetAsync(Widgets + "?fieldSelector=spec.size%3D1");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]!.GetValue<string>()
            .Should().Be("\"spec.size\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    }

    [Fact]
    public async Task A_field_selector_on_the_name_lists_only_matching_objects()
    {
        (await PostAsync(Widgets, WidgetObjects.New("a", 1))).Dispose();
        (await PostAsync(Widgets, WidgetObjects.New("b", 1))).Dispose();

        var equal = JsonNode.Parse(await _http.GetStringAsync(Widgets + "?fieldSelector=metadata.name%3Da"))!;
        var notEqual = JsonNode.Parse(await _http.GetStringAsync(Widgets + "?fieldSelector=metadata.name!%3Da"))!;

        equal["items"]!.AsArray().Select(i => KubeObject.Name(i!.AsObject())).Should().Equal("a");
        notEqual["items"]!.AsArray().Select(i => KubeObject.Name(i!.AsObject())).Should().Equal("b");
    }

    [Fact]
    public async Task A_field_selected_watch_sees_only_the_named_objects_events()
    {
        var from = _emulator.Store.CurrentResourceVersion;
        (await PostAsync(Widgets, WidgetObjects.New("b", 1))).Dispose();
        (await PostAsync(Widgets, WidgetObjects.New("a", 1))).Dispose();
        await PatchAsync(Widgets + "/b", """{"spec":{"size":2}}""");
        await PatchAsync(Widgets + "/a", """{"spec":{"size":3}}""");

        var lines = await ReadWatchAsync($"{Widgets}?watch=true&fieldSelector=metadata.name%3Da&resourceVersion={from}", 2, "application/json");

        lines.Select(l => $"{l["type"]} {KubeObject.Name(l["object"]!.AsObject())}").Should().Equal("ADDED a", "MODIFIED a");
    }

    [Fact]
    public async Task A_label_selected_watch_sees_objects_enter_and_leave_the_selection()
    {
        var from = _emulator.Store.CurrentResourceVersion;
        (await PostAsync(Widgets, WidgetObjects.New("w", 1))).Dispose();
        await PatchAsync(Widgets + "/w", """{"metadata":{"labels":{"size":"2"}}}""");
        await PatchAsync(Widgets + "/w", """{"metadata":{"labels":{"size":"1"}}}""");

        var lines = await ReadWatchAsync($"{Widgets}?watch=true&labelSelector=size%3D1&resourceVersion={from}", 3, "application/json");

        lines.Select(l => l["type"]!.GetValue<string>()).Should().Equal("ADDED", "DELETED", "ADDED");
    }

    [Fact]
    public async Task A_table_watch_sends_column_definitions_only_with_the_first_event()
    {
        var from = _emulator.Store.CurrentResourceVersion;
        (await PostAsync(Widgets, WidgetObjects.New("w", 3))).Dispose();
        await PatchAsync(Widgets + "/w", """{"spec":{"size":4}}""");

        var lines = await ReadWatchAsync($"{Widgets}?watch=true&resourceVersion={from}", 2, "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");

        lines[0]["object"]!["kind"]!.GetValue<string>().Should().Be("Table");
        lines[0]["object"]!["columnDefinitions"]!.AsArray().Should().HaveCount(5);
        lines[0]["object"]!["rows"]![0]!["cells"]![1]!.GetValue<long>().Should().Be(3);
        lines[1]["object"]!.AsObject().ContainsKey("columnDefinitions").Should().BeTrue();
        lines[1]["object"]!["columnDefinitions"].Should().BeNull();
        lines[1]["object"]!["rows"]![0]!["cells"]![1]!.GetValue<long>().Should().Be(4);
    }

    [Fact]
    public async Task An_apply_patch_in_yaml_creates_the_object_then_merges_into_it()
    {
        const string applied = """
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: applied
              labels: {tier: "1"}
            spec:
              size: 2
              color: blue
            """;

        using var created = await ApplyAsync(Widgets + "/applied?fieldManager=tests", applied);
        using var updated = await ApplyAsync(Widgets + "/applied?fieldManager=tests&force=true", applied.Replace("size: 2", "size: 3"));
        var versionAfterUpdate = _emulator.Store.CurrentResourceVersion;
        using var unchanged = await ApplyAsync(Widgets + "/applied?fieldManager=tests", applied.Replace("size: 2", "size: 3"));
        using var withoutManager = await ApplyAsync(Widgets + "/applied", applied);

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        updated.StatusCode.Should().Be(HttpStatusCode.OK);
        var stored = _emulator.Store.Get("example.com", "widgets", "default", "applied")!;
        stored["spec"]!.ToJsonString().Should().Be("""{"size":3,"color":"blue"}""");
        KubeObject.Labels(stored)["tier"].Should().Be("1");
        KubeObject.Generation(stored).Should().Be(2);
        unchanged.StatusCode.Should().Be(HttpStatusCode.OK);
        _emulator.Store.CurrentResourceVersion.Should().Be(versionAfterUpdate, "an unchanged re-apply writes nothing");
        withoutManager.StatusCode.Should().Be((HttpStatusCode)422);
    }

    [Fact]
    public async Task A_field_an_apply_manager_stops_applying_is_removed_unless_another_manager_applies_it()
    {
        const string both = """
            {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"owned","labels":{"a":"1","b":"2"}},"spec":{"size":2,"color":"red"}}
            """;
        const string sizeOnly = """
            {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"owned","labels":{"a":"1"}},"spec":{"size":2}}
            """;
        const string otherColor = """
            {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"owned"},"spec":{"color":"red"}}
            """;

        (await ApplyAsync(Widgets + "/owned?fieldManager=first", both)).Dispose();
        (await ApplyAsync(Widgets + "/owned?fieldManager=first", sizeOnly)).Dispose();
        var afterFirst = _emulator.Store.Get("example.com", "widgets", "default", "owned")!;
        (await ApplyAsync(Widgets + "/owned?fieldManager=second", otherColor)).Dispose();
        (await ApplyAsync(Widgets + "/owned?fieldManager=first", both)).Dispose();
        (await ApplyAsync(Widgets + "/owned?fieldManager=first", sizeOnly)).Dispose();
        var afterShared = _emulator.Store.Get("example.com", "widgets", "default", "owned")!;

        afterFirst["spec"]!.ToJsonString().Should().Be("""{"size":2}""");
        KubeObject.Labels(afterFirst).Keys.Should().Equal("a");
        afterShared["spec"]!.ToJsonString().Should().Be("""{"size":2,"color":"red"}""", "the second manager still applies color");
        afterShared["metadata"]!["managedFields"]!.AsArray().Select(e => e!["manager"]!.GetValue<string>()).Should().BeEquivalentTo("first", "second");
    }

    private const string SizeTwo = """
        {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"contested"},"spec":{"size":2,"color":"red"}}
        """;

    [Fact]
    public async Task Applying_a_new_value_to_a_field_another_manager_updated_is_a_conflict()
    {
        (await ApplyAsync(Widgets + "/contested?fieldManager=first", SizeTwo)).Dispose();
        await PatchAsync(Widgets + "/contested?fieldManager=editor", """{"spec":{"size":3}}""");
        var before = _emulator.Store.Get("example.com", "widgets", "default", "contested")!;

        using var response = await ApplyAsync(Widgets + "/contested?fieldManager=first&force=false", SizeTwo);

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).Should().Be(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Apply failed with 1 conflict: conflict with \"editor\" using example.com/v1: .spec.size","reason":"Conflict","details":{"causes":[{"reason":"FieldManagerConflict","message":"conflict with \"editor\" using example.com/v1","field":".spec.size"}]},"code":409}""");
        _emulator.Store.Get("example.com", "widgets", "default", "contested")!.ToJsonString().Should().Be(before.ToJsonString(), "a refused apply writes nothing");
    }

    [Fact]
    public async Task Several_conflicts_are_counted_and_listed_per_manager()
    {
        (await ApplyAsync(Widgets + "/contested?fieldManager=first", SizeTwo)).Dispose();
        await PatchAsync(Widgets + "/contested?fieldManager=editor", """{"metadata":{"labels":{"team":"a"}},"spec":{"size":3}}""");

        using var response = await ApplyAsync(Widgets + "/contested?fieldManager=first",
            """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"contested","labels":{"team":"b"}},"spec":{"size":2,"color":"red"}}""");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        body["message"]!.GetValue<string>().Should().Be(
            "Apply failed with 2 conflicts: conflicts with \"editor\" using example.com/v1:\n- .metadata.labels.team\n- .spec.size");
        body["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).Should().BeEquivalentTo(".metadata.labels.team", ".spec.size");
    }

    [Fact]
    public async Task A_forced_apply_takes_the_conflicting_field_from_the_other_manager()
    {
        (await ApplyAsync(Widgets + "/contested?fieldManager=first", SizeTwo)).Dispose();
        await PatchAsync(Widgets + "/contested?fieldManager=editor", """{"metadata":{"labels":{"team":"a"}},"spec":{"size":3}}""");

        using var response = await ApplyAsync(Widgets + "/contested?fieldManager=first&force=true", SizeTwo);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var stored = _emulator.Store.Get("example.com", "widgets", "default", "contested")!;
        stored["spec"]!["size"]!.GetValue<int>().Should().Be(2);
        var managed = stored["metadata"]!["managedFields"]!.AsArray();
        managed.Select(e => $"{e!["manager"]}/{e["operation"]}").Should().Equal("first/Apply", "editor/Update");
        managed[0]!["fieldsV1"]!.ToJsonString().Should().Be("""{"f:spec":{"f:size":{},"f:color":{}}}""");
        managed[1]!["fieldsV1"]!.ToJsonString().Should().Be("""{"f:metadata":{"f:labels":{"f:team":{}}}}""", "the editor keeps only what the apply did not take");
    }

    [Fact]
    public async Task Applying_the_value_another_manager_set_shares_ownership_without_conflict()
    {
        (await ApplyAsync(Widgets + "/contested?fieldManager=first", SizeTwo)).Dispose();
        await PatchAsync(Widgets + "/contested?fieldManager=editor", """{"spec":{"size":3}}""");

        using var response = await ApplyAsync(Widgets + "/contested?fieldManager=first",
            """{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"contested"},"spec":{"size":3,"color":"red"}}""");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var managed = _emulator.Store.Get("example.com", "widgets", "default", "contested")!["metadata"]!["managedFields"]!.AsArray();
        managed.Select(e => $"{e!["manager"]}/{e["operation"]}").Should().Equal("first/Apply", "editor/Update");
        managed.Should().OnlyContain(e => e!["fieldsV1"]!["f:spec"]!["f:size"] != null, "both managers own spec.size");
    }

    [Fact]
    public async Task A_status_write_records_its_own_manager_and_never_takes_the_managed_fields_it_sends()
    {
        (await ApplyAsync(Widgets + "/contested?fieldManager=first", SizeTwo)).Dispose();
        var read = _emulator.Store.Get("example.com", "widgets", "default", "contested")!.DeepClone().AsObject();
        read["status"] = new JsonObject { ["phase"] = "Running" };
        // A client writing back what it read, with its managedFields altered (stale or rewritten): a status write ignores them.
        read["metadata"]!["managedFields"] = JsonNode.Parse("""[{"manager":"forged","operation":"Update","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:size":{}}}}]""");

        using var written = await _http.PutAsync(Widgets + "/contested/status?fieldManager=operator",
            new StringContent(read.ToJsonString(), Encoding.UTF8, "application/json"));

        written.StatusCode.Should().Be(HttpStatusCode.OK, await written.Content.ReadAsStringAsync());
        var stored = _emulator.Store.Get("example.com", "widgets", "default", "contested")!;
        var managed = stored["metadata"]!["managedFields"]!.AsArray();
        managed.Select(e => $"{e!["manager"]}/{e["operation"]}/{e["subresource"]}").Should().Equal("first/Apply/", "operator/Update/status");
        managed[1]!["fieldsV1"]!.ToJsonString().Should().Be("""{"f:status":{"f:phase":{}}}""");

        // The same status again changes nothing: no new resourceVersion.
        var again = stored.DeepClone().AsObject();
        using var unchanged = await _http.PutAsync(Widgets + "/contested/status?fieldManager=operator",
            new StringContent(again.ToJsonString(), Encoding.UTF8, "application/json"));
        unchanged.StatusCode.Should().Be(HttpStatusCode.OK);
        KubeObject.ResourceVersion(_emulator.Store.Get("example.com", "widgets", "default", "contested")!).Should().Be(KubeObject.ResourceVersion(stored));
    }

    private async Task<HttpResponseMessage> ApplyAsync(string path, string yaml) =>
        await _http.PatchAsync(path, new StringContent(yaml, new MediaTypeHeaderValue("application/apply-patch+yaml")));

    private async Task<HttpResponseMessage> PostAsync(string path, JsonObject body) =>
        await _http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    private async Task PatchAsync(string path, string mergePatch)
    {
        using var response = await _http.PatchAsync(path, new StringContent(mergePatch, Encoding.UTF8, "application/merge-patch+json"));
        response.EnsureSuccessStatusCode();
    }

    private async Task<List<JsonNode>> ReadWatchAsync(string path, int count, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var lines = new List<JsonNode>();
        while (lines.Count < count && await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) is { } line)
        {
            lines.Add(JsonNode.Parse(line)!);
        }

        return lines;
    }
}
