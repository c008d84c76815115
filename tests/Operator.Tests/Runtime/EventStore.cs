using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace AtlasRestoreOperator.Operator.Tests.Runtime;

/// <summary>
/// The core/v1 events endpoints of the stub API server: POST stores the Event, PATCH (merge) updates a stored one or
/// answers 404. A switch makes every request fail with 500.
/// </summary>
public sealed class EventStore
{
    private readonly Dictionary<string, JsonObject> _events = [];

    public bool FailEverything { get; set; }

    public IReadOnlyList<JsonObject> Events
    {
        get
        {
            lock (_events)
            {
                return _events.Values.Select(e => (JsonObject)e.DeepClone()).ToList();
            }
        }
    }

    public Task HandleAsync(RecordedRequest request, HttpContext context)
    {
        if (FailEverything)
        {
            return KubernetesApiStub.WriteJsonAsync(context, 500, KubernetesApiStub.StatusJson(500, "InternalError", "etcd unavailable"));
        }

        lock (_events)
        {
            if (request.Method == "POST")
            {
                var created = JsonNode.Parse(request.Body)!.AsObject();
                _events[created["metadata"]!["name"]!.GetValue<string>()] = created;
                return KubernetesApiStub.WriteJsonAsync(context, 201, created.ToJsonString());
            }

            var name = request.Path[(request.Path.LastIndexOf('/') + 1)..];
            if (request.Method == "PATCH" && _events.TryGetValue(name, out var stored))
            {
                foreach (var (field, value) in JsonNode.Parse(request.Body)!.AsObject())
                {
                    stored[field] = value?.DeepClone();
                }

                return KubernetesApiStub.WriteJsonAsync(context, 200, stored.ToJsonString());
            }
        }

        return KubernetesApiStub.WriteJsonAsync(context, 404, KubernetesApiStub.StatusJson(404, "NotFound", "events not found"));
    }
}
