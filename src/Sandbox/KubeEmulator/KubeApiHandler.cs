using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>The emulator's single request entry point: authentication, injected faults, meta endpoints and resources.</summary>
internal sealed class KubeApiHandler(
    KubeStore store,
    KubeFaults faults,
    KubeApiEmulatorOptions options,
    Func<string> serverAddress,
    ILogger logger,
    CancellationToken stopping)
{
    private const string AggregatedV2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    private const string AggregatedV2Beta1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

    private readonly ResourceRequestHandler _resources = new(store, options.TimeProvider, new WatchStreamer(store, options.TimeProvider, options.BookmarkInterval));

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var ct = context.RequestAborted;
        logger.LogDebug("{Method} {Path}{Query}", context.Request.Method, path, context.Request.QueryString);
        try
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            if (authorization != $"Bearer {options.BearerToken}" && !(authorization.Length == 0 && options.AllowAnonymous))
            {
                await HttpResponses.WriteJsonAsync(context, 401, StatusBodies.Unauthorized(), ct);
                return;
            }

            var target = ApiRequestTarget.Parse(path);
            var info = new KubeRequestInfo(
                context.Request.Method,
                path,
                target?.Plural,
                target?.Namespace,
                target?.Name,
                target?.Subresource,
                target is not null && (target.WatchPath || context.Request.Query["watch"] == "true" || context.Request.Query["watch"] == "1"));
            foreach (var fault in faults.Take(info))
            {
                if (fault.Kind == FaultKind.Latency)
                {
                    var delay = Task.Delay(fault.Delay, options.TimeProvider, ct);
                    faults.ReportTaken(info, fault.Kind);
                    await delay;
                    continue;
                }

                faults.ReportTaken(info, fault.Kind);
                switch (fault.Kind)
                {
                    case FaultKind.InternalError:
                        await HttpResponses.WriteJsonAsync(context, 500, StatusBodies.InternalError("injected fault"), ct);
                        return;
                    case FaultKind.Conflict:
                        var definition = target is null ? null : store.FindResource(target.Group, target.Plural);
                        throw definition is null
                            ? new KubeApiException(StatusBodies.Failure(409, "Conflict", StatusBodies.OptimisticLock))
                            : StatusBodies.Conflict(definition, target!.Name ?? "");
                }
            }

            if (target is not null)
            {
                await _resources.HandleAsync(context, target, stopping);
                return;
            }

            await HandleMetaAsync(context, path, ct);
        }
        catch (KubeApiException ex) when (!context.Response.HasStarted)
        {
            await HttpResponses.WriteJsonAsync(context, ex.Code, ex.Status, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !context.Response.HasStarted)
        {
            // A defect of the emulator: answer as the real server does for internal errors, and say what broke.
            logger.LogError(ex, "Unexpected failure serving {Method} {Path}", context.Request.Method, path);
            await HttpResponses.WriteJsonAsync(context, 500, StatusBodies.InternalError(ex.Message), ct);
        }
    }

    private async Task HandleMetaAsync(HttpContext context, string path, CancellationToken ct)
    {
        if (context.Request.Method != "GET")
        {
            throw StatusBodies.MethodNotAllowed();
        }

        var resources = store.Resources;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        switch (segments)
        {
            case ["version"]:
                await HttpResponses.WriteJsonAsync(context, 200, VersionInfo(), ct);
                return;
            case ["healthz"] or ["readyz"] or ["livez"]:
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("ok", ct);
                return;
            case ["api"]:
                await DiscoveryAsync(context, resources, legacyCore: true, () => DiscoveryDocuments.LegacyApiVersions(serverAddress()), ct);
                return;
            case ["apis"]:
                await DiscoveryAsync(context, resources, legacyCore: false, () => DiscoveryDocuments.LegacyGroupList(resources), ct);
                return;
            case ["api", var coreVersion]:
                await HttpResponses.WriteJsonAsync(context, 200, DiscoveryDocuments.ResourceList(resources, "", coreVersion) ?? throw StatusBodies.UnknownPath(), ct);
                return;
            case ["apis", var group]:
                await HttpResponses.WriteJsonAsync(context, 200, DiscoveryDocuments.LegacyGroup(resources, group) is { } g ? WithKind(g, "APIGroup") : throw StatusBodies.UnknownPath(), ct);
                return;
            case ["apis", var group, var version]:
                await HttpResponses.WriteJsonAsync(context, 200, DiscoveryDocuments.ResourceList(resources, group, version) ?? throw StatusBodies.UnknownPath(), ct);
                return;
            case ["openapi", "v2"]:
                // As the contract says: kubectl 1.28+ validates with OpenAPI v3, so v2 is not served.
                throw StatusBodies.UnknownPath();
            case ["openapi", "v3"]:
                await HttpResponses.WriteJsonAsync(context, 200, OpenApiDocuments.Root(resources), ct);
                return;
            case ["openapi", "v3", "api", var coreVersion]:
                await HttpResponses.WriteJsonAsync(context, 200, OpenApiDocuments.GroupVersion(resources, "", coreVersion) ?? throw StatusBodies.UnknownPath(), ct);
                return;
            case ["openapi", "v3", "apis", var group, var version]:
                await HttpResponses.WriteJsonAsync(context, 200, OpenApiDocuments.GroupVersion(resources, group, version) ?? throw StatusBodies.UnknownPath(), ct);
                return;
            default:
                throw StatusBodies.UnknownPath();
        }
    }

    private static async Task DiscoveryAsync(HttpContext context, IReadOnlyList<ResourceDefinition> resources, bool legacyCore, Func<JsonObject> legacy, CancellationToken ct)
    {
        var accept = context.Request.Headers.Accept.ToString();
        if (accept.Contains("v=v2;", StringComparison.Ordinal) || accept.Contains("v=v2,", StringComparison.Ordinal) || accept.EndsWith("v=v2", StringComparison.Ordinal))
        {
            await HttpResponses.WriteJsonAsync(context, 200, DiscoveryDocuments.Aggregated(resources, legacyCore, "apidiscovery.k8s.io/v2"), ct, AggregatedV2);
        }
        else if (accept.Contains("v=v2beta1", StringComparison.Ordinal))
        {
            await HttpResponses.WriteJsonAsync(context, 200, DiscoveryDocuments.Aggregated(resources, legacyCore, "apidiscovery.k8s.io/v2beta1"), ct, AggregatedV2Beta1);
        }
        else
        {
            await HttpResponses.WriteJsonAsync(context, 200, legacy(), ct);
        }
    }

    private static JsonObject WithKind(JsonObject group, string kind)
    {
        var result = new JsonObject { ["kind"] = kind, ["apiVersion"] = "v1" };
        foreach (var (key, value) in group)
        {
            result[key] = value?.DeepClone();
        }

        return result;
    }

    private static JsonObject VersionInfo() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.0-emu",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-01-01T00:00:00Z",
        ["goVersion"] = "go1.23.0",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };
}
