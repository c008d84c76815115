using System.Text;
using AtlasRestoreOperator.Sandbox.AtlasEmulator.Auth;
using AtlasRestoreOperator.Sandbox.AtlasEmulator.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Http;

/// <summary>
/// The emulator's only middleware. Order: route (404/405), tenant NotFound mode, OAuth endpoints, authentication
/// (401 + Digest challenge), faults, per-project rate limit (429), tenant Gone mode (410), Accept (406),
/// POST Content-Type (415), path patterns (400), then the endpoint (project 404, role 403, cluster 404/400, ...).
/// Every request ends up in the journal.
/// </summary>
internal sealed class AtlasRequestPipeline(
    RequestJournal journal,
    FaultInjector faults,
    Func<TenantApiMode> tenantMode,
    DigestAuthenticator digest,
    OAuthTokenStore tokens,
    RateLimiter projectLimiter,
    OAuthEndpoints oauth,
    ApiHandlers handlers,
    TimeProvider timeProvider,
    Func<string> baseUrl,
    ILogger logger,
    CancellationToken stopping)
{
    private const int MaxBodyBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        DateTimeOffset arrived = timeProvider.GetUtcNow();
        HttpRequest request = context.Request;
        string path = request.Path.Value ?? "/";
        RouteMatch? match = RouteTable.Match(request.Method, path, out bool pathExists);
        var exchange = new RequestExchange();
        string? body = null;
        EmulatorResponse? response;
        try
        {
            body = await ReadBodyAsync(request).ConfigureAwait(false);
            response = await ProcessAsync(context, match, pathExists, path, body, arrived, exchange).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested || context.RequestAborted.IsCancellationRequested)
        {
            // The emulator is stopping, or the client left while its body was read: nothing to answer.
            exchange.Drop = true;
            response = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Atlas emulator failed on {Method} {Path}", request.Method, path);
            response = ApiErrors.Create(500, "UNEXPECTED_ERROR", "Unexpected error.");
        }

        if (exchange.Drop || response is null)
        {
            // Journal first: once the connection is gone the client may retry at once, and the retry's entry must
            // come after this one.
            Record(arrived, request, path, match, body, exchange, statusCode: 0, errorCode: null);
            context.Abort();
            return;
        }

        foreach (KeyValuePair<string, string> header in exchange.RateLimitHeaders.Where(h => response.Headers.TrueForAll(r => r.Key != h.Key)))
        {
            response.Headers.Add(header);
        }

        context.Response.StatusCode = response.StatusCode;
        foreach (KeyValuePair<string, string> header in response.Headers)
        {
            context.Response.Headers[header.Key] = header.Value;
        }

        if (response.ContentType is not null)
        {
            context.Response.ContentType = response.ContentType;
        }

        context.Response.ContentLength = response.Body.Length;
        Record(arrived, request, path, match, body, exchange, response.StatusCode, response.ErrorCode);
        try
        {
            await context.Response.Body.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            // The client went away while the answer was written; what happened is already in the journal.
        }
    }

    private async Task<EmulatorResponse?> ProcessAsync(HttpContext context, RouteMatch? match, bool pathExists, string path, string? body, DateTimeOffset arrived, RequestExchange exchange)
    {
        HttpRequest request = context.Request;
        if (match is null)
        {
            return pathExists
                ? ApiErrors.Create(405, "METHOD_NOT_ALLOWED", $"Method {request.Method} is not allowed on {path}.", request.Method, path)
                : ApiErrors.ResourceNotFound(path);
        }

        RouteDefinition route = match.Route;
        if (route.Family == RouteFamily.Tenant && tenantMode() == TenantApiMode.NotFound)
        {
            return ApiErrors.ResourceNotFound(path);
        }

        if (route.Family == RouteFamily.OAuth)
        {
            if (await ApplyFaultAsync(route.Operation, request.Method, path, arrived, exchange).ConfigureAwait(false) is { } faulted)
            {
                return faulted;
            }

            if (exchange.Drop && exchange.Fault == FaultKind.DropConnection)
            {
                return null;
            }

            EmulatorResponse answer = oauth.Handle(route.Operation, request.Headers.Authorization, request.ContentType, body, out string? clientId);
            exchange.Identity = clientId;
            return answer;
        }

        AuthenticationResult authentication = Authenticate(request, path);
        if (authentication.Caller is not { } caller)
        {
            return ApiErrors.Unauthorized().WithHeader("WWW-Authenticate", digest.Challenge(authentication.Stale));
        }

        exchange.Identity = caller.Identity;
        if (await ApplyFaultAsync(route.Operation, request.Method, path, arrived, exchange).ConfigureAwait(false) is { } injected)
        {
            return injected;
        }

        if (exchange.Drop && exchange.Fault == FaultKind.DropConnection)
        {
            return null;
        }

        string groupId = match["groupId"];
        if (!projectLimiter.TryTake(groupId, out int remaining, out int retryAfter))
        {
            return RateLimitResponses.Exhausted("api/atlas/v2/groups/{groupId}", retryAfter, projectLimiter.Options);
        }

        exchange.RateLimitHeaders.Add(new("RateLimit-Limit", projectLimiter.Options.Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        exchange.RateLimitHeaders.Add(new("RateLimit-Remaining", remaining.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        if (route.Family == RouteFamily.Tenant && tenantMode() == TenantApiMode.Gone)
        {
            return ApiErrors.Create(410, "VERSION_GONE", "This happens when a resource is marked for sunset and the sunset date is in the past.");
        }

        string? version = MediaTypes.Negotiate(request.Headers.Accept, route.AcceptVersions);
        if (version is null)
        {
            string allowed = string.Join(" or ", route.AcceptVersions.Select(MediaTypes.Versioned));
            return ApiErrors.Create(406, "INVALID_VERSION_DATE", $"Invalid accept header or version date. This endpoint accepts {allowed}.", allowed);
        }

        if (HttpMethods.IsPost(request.Method)
            && !string.Equals(MediaTypes.Bare(request.ContentType ?? string.Empty), MediaTypes.Versioned(version), StringComparison.OrdinalIgnoreCase))
        {
            return ApiErrors.Create(415, "INVALID_MEDIA_TYPE",
                $"Content-Type must be {MediaTypes.Versioned(version)} for this endpoint; got '{request.ContentType}'.", MediaTypes.Versioned(version));
        }

        if (InvalidPathParameter(match) is { } invalid)
        {
            return invalid;
        }

        return handlers.Handle(new ApiRequest(match, caller, version, body, request.Query, baseUrl(), path, timeProvider.GetUtcNow()));
    }

    /// <summary>Applies the first matching fault; returns an answer for Status faults, sets Drop for dropping ones.</summary>
    private async Task<EmulatorResponse?> ApplyFaultAsync(string operation, string method, string path, DateTimeOffset arrived, RequestExchange exchange)
    {
        FaultRule? rule = faults.Take(new FaultRequest(operation, method, path));
        if (rule is null)
        {
            return null;
        }

        exchange.Fault = rule.Kind;
        if (rule.Kind != FaultKind.Latency)
        {
            rule.MarkHit();
        }

        switch (rule.Kind)
        {
            case FaultKind.Latency:
                await DelayUntilAsync(arrived + rule.Delay, rule).ConfigureAwait(false);
                return null;
            case FaultKind.Hold when rule is HeldRequest held:
                await held.HoldAsync(stopping).ConfigureAwait(false);
                return null;
            case FaultKind.DropConnection:
            case FaultKind.CreateThenDrop:
                exchange.Drop = true;
                return null;
            case FaultKind.Status:
                return InjectedStatus(rule.StatusCode);
            default:
                return null;
        }
    }

    /// <summary>
    /// Waits until the clock reaches <paramref name="due"/>. The rule is marked hit only once the timer exists, so a test
    /// that advances a fake clock after <see cref="FaultRule.FirstHit"/> always releases the request.
    /// </summary>
    private async Task DelayUntilAsync(DateTimeOffset due, FaultRule rule)
    {
        for (TimeSpan left = due - timeProvider.GetUtcNow(); left > TimeSpan.Zero; left = due - timeProvider.GetUtcNow())
        {
            Task delay = Task.Delay(left, timeProvider, stopping);
            rule.MarkHit();
            await delay.ConfigureAwait(false);
        }

        rule.MarkHit();
    }

    private static EmulatorResponse InjectedStatus(int status) => status switch
    {
        500 => ApiErrors.Create(500, "UNEXPECTED_ERROR", "Unexpected error."),
        503 => ApiErrors.Create(503, "SERVICE_UNAVAILABLE", "Service Unavailable."),
        429 => ApiErrors.Create(429, "RATE_LIMITED", "Resource rate limit exceeded; retry later.").WithHeader("Retry-After", "1"),
        _ => ApiErrors.Create(status, "INJECTED_FAULT", $"Fault injected by the Atlas emulator: HTTP {status}.", status),
    };

    private AuthenticationResult Authenticate(HttpRequest request, string path)
    {
        string authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase))
        {
            return digest.Authenticate(authorization["Digest ".Length..], request.Method, path);
        }

        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            Caller? caller = tokens.Authenticate(authorization["Bearer ".Length..].Trim());
            return caller is null ? AuthenticationResult.Failed : new AuthenticationResult(caller, false);
        }

        return AuthenticationResult.Failed;
    }

    private static EmulatorResponse? InvalidPathParameter(RouteMatch match)
    {
        foreach ((string name, string value) in match.Parameters)
        {
            bool cluster = name is "clusterName" or "name";
            bool valid = cluster ? PathPatterns.IsClusterName(value) : PathPatterns.IsHexId(value);
            if (!valid)
            {
                string pattern = cluster ? PathPatterns.ClusterNamePattern : PathPatterns.HexIdPattern;
                return ApiErrors.Validation(name, $"must match {pattern}; got '{value}'.");
            }
        }

        return null;
    }

    private static async Task<string?> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any()))
        {
            return null;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        char[] buffer = new char[MaxBodyBytes];
        int read = await reader.ReadBlockAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return new string(buffer, 0, read);
    }

    private void Record(DateTimeOffset arrived, HttpRequest request, string path, RouteMatch? match, string? body, RequestExchange exchange, int statusCode, string? errorCode)
    {
        bool oauthRoute = match?.Route.Family == RouteFamily.OAuth;
        journal.Record(sequence => new JournalEntry
        {
            Sequence = sequence,
            Time = arrived,
            Method = request.Method,
            Path = path,
            Query = request.QueryString.Value ?? string.Empty,
            Operation = match?.Route.Operation,
            StatusCode = statusCode,
            ErrorCode = errorCode,
            Identity = exchange.Identity,
            Fault = exchange.Fault,
            ConnectionDropped = statusCode == 0,
            RequestBody = oauthRoute ? null : body,
        });
    }
}
