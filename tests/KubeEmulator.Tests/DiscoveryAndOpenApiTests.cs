using k8s;
using System.Net;
using System.Text.Json.Nodes;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Tests;

/// <summary>Discovery content negotiation and the OpenAPI v3 documents, as kubectl 1.27–1.33 read them.</summary>
public sealed class DiscoveryAndOpenApiTests : IAsyncLifetime
{
    private const string KubectlDiscoveryAccept =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    private KubeApiEmulator _emulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _emulator = await KubeApiEmulator.StartAsync(new KubeApiEmulatorOptions());
        _http = new HttpClient { BaseAddress = _emulator.BaseUrl };
        _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _emulator.BearerToken);
        using var client = TestClients.For(_emulator);
        await WidgetObjects.InstallCrdAsync(client);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task Version_reports_a_plain_minor_the_kubectl_dispatcher_maps_to_a_bundled_kubectl()
    {
        var version = await GetJsonAsync("/version?timeout=5s", "application/json, */*");

        version["major"]!.GetValue<string>().Should().Be("1");
        version["minor"]!.GetValue<string>().Should().Be("32");
        version["gitVersion"]!.GetValue<string>().Should().StartWith("v1.32.0-emu");
    }

    [Fact]
    public async Task Aggregated_discovery_is_v2_when_asked_and_lists_the_crd_with_its_status_subresource()
    {
        using var response = await GetAsync("/apis?timeout=32s", KubectlDiscoveryAccept);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        response.Content.Headers.ContentType!.ToString().Replace(" ", "").Should().Be("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        body["apiVersion"]!.GetValue<string>().Should().Be("apidiscovery.k8s.io/v2");
        var widgets = body["items"]!.AsArray().Single(g => g!["metadata"]!["name"]!.GetValue<string>() == "example.com")!["versions"]![0]!["resources"]![0]!;
        widgets["resource"]!.GetValue<string>().Should().Be("widgets");
        widgets["scope"]!.GetValue<string>().Should().Be("Namespaced");
        widgets["shortNames"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("wd");
        widgets["subresources"]![0]!["subresource"]!.GetValue<string>().Should().Be("status");
    }

    [Fact]
    public async Task Aggregated_discovery_is_v2beta1_for_clients_that_only_know_v2beta1()
    {
        using var response = await GetAsync("/api", "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        response.Content.Headers.ContentType!.ToString().Replace(" ", "").Should().Be("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList");
        body["apiVersion"]!.GetValue<string>().Should().Be("apidiscovery.k8s.io/v2beta1");
        body["items"]![0]!["metadata"]!["name"]!.GetValue<string>().Should().Be("");
    }

    [Fact]
    public async Task Legacy_discovery_answers_plain_json_clients()
    {
        var api = await GetJsonAsync("/api", "application/json, */*");
        var groups = await GetJsonAsync("/apis", "application/json, */*");
        var resources = await GetJsonAsync("/apis/example.com/v1", "application/json, */*");

        api["kind"]!.GetValue<string>().Should().Be("APIVersions");
        groups["kind"]!.GetValue<string>().Should().Be("APIGroupList");
        groups["groups"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()).Should().Contain(["apiextensions.k8s.io", "coordination.k8s.io", "example.com"]);
        resources["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).Should().Equal("widgets", "widgets/status");
    }

    [Fact]
    public async Task Openapi_v3_advertises_field_validation_per_kind_and_no_strategic_merge_for_custom_resources()
    {
        var root = await GetJsonAsync("/openapi/v3?timeout=32s", "application/json, */*");
        var widgetsUrl = root["paths"]!["apis/example.com/v1"]!["serverRelativeURL"]!.GetValue<string>();
        var widgets = await GetJsonAsync(widgetsUrl, "application/json");
        var core = await GetJsonAsync(root["paths"]!["api/v1"]!["serverRelativeURL"]!.GetValue<string>(), "application/json");
        using var v2 = await GetAsync("/openapi/v2?timeout=32s", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");

        var patch = widgets["paths"]!["/apis/example.com/v1/namespaces/{namespace}/widgets/{name}"]!["patch"]!;
        patch["x-kubernetes-group-version-kind"]!.ToJsonString().Should().Be("""{"group":"example.com","version":"v1","kind":"Widget"}""");
        patch["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).Should().Contain("fieldValidation");
        patch["requestBody"]!["content"]!.AsObject().Select(c => c.Key).Should().NotContain("application/strategic-merge-patch+json");
        core["paths"]!["/api/v1/namespaces/{name}"]!["patch"]!["x-kubernetes-group-version-kind"]!["kind"]!.GetValue<string>().Should().Be("Namespace");
        v2.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_a_crd_deletes_its_objects_and_takes_the_kind_out_of_discovery()
    {
        using var client = TestClients.For(_emulator);
        await WidgetObjects.CreateAsync(client, WidgetObjects.New("w", 1));

        await client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("widgets.example.com");

        _emulator.Store.Get("example.com", "widgets", "default", "w").Should().BeNull();
        using var gone = await GetAsync("/apis/example.com/v1/namespaces/default/widgets", "application/json");
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var groups = await GetJsonAsync("/apis", "application/json");
        groups["groups"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()).Should().NotContain("example.com");
    }

    [Fact]
    public async Task Crd_versions_are_discovered_in_kubernetes_priority_order()
    {
        const string crd = """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"gadgets.example.org"},
             "spec":{"group":"example.org","scope":"Cluster","names":{"kind":"Gadget","plural":"gadgets"},
              "versions":[
               {"name":"v1alpha1","served":true,"storage":false,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}},
               {"name":"v1beta1","served":true,"storage":false,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}},
               {"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
            """;
        using var created = await _http.PostAsync("apis/apiextensions.k8s.io/v1/customresourcedefinitions",
            new StringContent(crd, System.Text.Encoding.UTF8, "application/json"));
        created.EnsureSuccessStatusCode();

        var group = await GetJsonAsync("/apis/example.org", "application/json");

        group["preferredVersion"]!["version"]!.GetValue<string>().Should().Be("v1");
        group["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<string>()).Should().Equal("v1", "v1beta1", "v1alpha1");
    }

    [Fact]
    public async Task A_crd_with_a_rule_the_emulator_cannot_evaluate_is_refused_and_never_served()
    {
        using var response = await _http.PostAsync("apis/apiextensions.k8s.io/v1/customresourcedefinitions",
            new StringContent(Manifests.CrdWithUnsupportedRuleJson, System.Text.Encoding.UTF8, "application/json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        response.StatusCode.Should().Be((HttpStatusCode)422);
        body["reason"]!.GetValue<string>().Should().Be("Invalid");
        body["message"]!.GetValue<string>().Should().StartWith(
            "CustomResourceDefinition.apiextensions.k8s.io \"doodads.example.net\" is invalid: spec.versions[0].schema.openAPIV3Schema: Invalid value: \"object\": " +
            "x-kubernetes-validations rule \"self.x.matches('^a')\" at spec is not supported by this emulator");
        var cause = body["details"]!["causes"]!.AsArray().Should().ContainSingle().Subject!;
        cause["reason"]!.GetValue<string>().Should().Be("FieldValueInvalid");
        cause["field"]!.GetValue<string>().Should().Be("spec.versions[0].schema.openAPIV3Schema");
        cause["message"]!.GetValue<string>().Should().Contain("self.x.matches('^a')").And.Contain("not supported by this emulator");
        _emulator.Store.Get("apiextensions.k8s.io", "customresourcedefinitions", null, "doodads.example.net").Should().BeNull();
        var groups = await GetJsonAsync("/apis", "application/json");
        groups["groups"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()).Should().NotContain("example.net");
        using var resource = await GetAsync("/apis/example.net/v1/namespaces/default/doodads", "application/json");
        resource.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return await _http.SendAsync(request);
    }

    private async Task<JsonNode> GetJsonAsync(string path, string accept)
    {
        using var response = await GetAsync(path, accept);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
