using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Operator.Tests.Runtime.LeaderElection;

/// <summary>
/// Just the coordination.k8s.io/v1 lease endpoints of an API server, for one namespace, with resourceVersion
/// semantics (POST of an existing name 409, PUT with a stale version 409, PUT of a missing lease 404).
/// </summary>
internal sealed class FakeLeaseApiServer : IAsyncDisposable
{
    private const string Collection = "/apis/coordination.k8s.io/v1/namespaces/ops/leases";
    private readonly Lock gate = new();
    private readonly Dictionary<string, JsonObject> leases = [];
    private WebApplication? app;
    private long version;

    public Uri BaseUrl { get; private set; } = null!;

    public JsonObject? Stored(string name)
    {
        lock (gate)
        {
            return leases.TryGetValue(name, out var lease) ? (JsonObject)lease.DeepClone() : null;
        }
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        BaseUrl = new Uri(app.Urls.First());
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!;
        var body = context.Request.ContentLength is > 0 || context.Request.Method != "GET"
            ? JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync()) as JsonObject
            : null;
        int status;
        JsonObject answer;
        lock (gate)
        {
            (status, answer) = (context.Request.Method, path) switch
            {
                ("POST", Collection) => Create(body!),
                ("GET", _) when path.StartsWith(Collection + "/", StringComparison.Ordinal) => Get(path[(Collection.Length + 1)..]),
                ("PUT", _) when path.StartsWith(Collection + "/", StringComparison.Ordinal) => Replace(path[(Collection.Length + 1)..], body!),
                _ => Failure(404, "NotFound", "no such path"),
            };
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString());
    }

    private (int, JsonObject) Get(string name) =>
        leases.TryGetValue(name, out var lease) ? (200, lease) : Failure(404, "NotFound", $"leases.coordination.k8s.io \"{name}\" not found");

    private (int, JsonObject) Create(JsonObject lease)
    {
        var name = lease["metadata"]!["name"]!.GetValue<string>();
        return leases.ContainsKey(name) ? Failure(409, "AlreadyExists", $"leases.coordination.k8s.io \"{name}\" already exists") : (201, Store(name, lease));
    }

    private (int, JsonObject) Replace(string name, JsonObject lease)
    {
        if (!leases.TryGetValue(name, out var current))
        {
            return Failure(404, "NotFound", $"leases.coordination.k8s.io \"{name}\" not found");
        }

        var expected = current["metadata"]!["resourceVersion"]!.GetValue<string>();
        return lease["metadata"]?["resourceVersion"]?.GetValue<string>() == expected
            ? (200, Store(name, lease))
            : Failure(409, "Conflict", $"Operation cannot be fulfilled on leases.coordination.k8s.io \"{name}\": the object has been modified; please apply your changes to the latest version and try again");
    }

    private JsonObject Store(string name, JsonObject lease)
    {
        version++;
        lease["metadata"]!["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
        leases[name] = lease;
        return lease;
    }

    private static (int, JsonObject) Failure(int code, string reason, string message) => (code, new JsonObject
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    });
}
