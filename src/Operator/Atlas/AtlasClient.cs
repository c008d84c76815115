using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AtlasRestoreOperator.Operator.Atlas.Wire;
using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Operator.Atlas;

/// <summary>
/// The typed Atlas Admin API client (tenant T1-T5, Flex F1-F5 and F7, cluster C1) on a plain HttpClient (no reflection, so Native AOT stays warning-free).
/// Authenticates with HTTP Digest (API keys) or OAuth client credentials (service accounts), paces each project
/// with a client-side token bucket, honours <c>Retry-After</c>, retries GETs on 5xx and network errors, and never
/// repeats a POST whose outcome is ambiguous. All waiting goes through the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class AtlasClient : IAtlasClient, IDisposable
{
    private const string ApiPrefix = "/api/atlas/v2/groups/";
    private const string TokenPath = "/api/oauth/token";

    private readonly AtlasClientOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<AtlasClient> logger;
    private readonly HttpClient httpClient;
    private readonly string baseUrl;
    private readonly DigestAuthenticator digest = new();
    private readonly ServiceAccountTokenCache tokens;
    private readonly ProjectRateLimiter limiter;
    private readonly AtlasClientMetrics metrics;
    private readonly bool ownsMetrics;

    /// <param name="options">Base URL, timeout, limiter and retry settings; validated here.</param>
    /// <param name="timeProvider">The clock for timeouts, backoff, limiter and token expiry.</param>
    /// <param name="logger">Structured logs; they carry the public key or client id, never a secret.</param>
    /// <param name="handler">An optional inner handler (not disposed by the client); a fresh <see cref="SocketsHttpHandler"/> otherwise.</param>
    /// <param name="metrics">Shared instruments; the client creates and owns its own when null.</param>
    public AtlasClient(
        AtlasClientOptions options,
        TimeProvider timeProvider,
        ILogger<AtlasClient> logger,
        HttpMessageHandler? handler = null,
        AtlasClientMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        this.options = options;
        this.timeProvider = timeProvider;
        this.logger = logger;
        baseUrl = options.BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        // Timeouts are ours (on the TimeProvider), so HttpClient's own is switched off; redirects are never followed.
        httpClient = handler is null
            ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true)
            : new HttpClient(handler, disposeHandler: false);
        httpClient.Timeout = Timeout.InfiniteTimeSpan;
        tokens = new ServiceAccountTokenCache(timeProvider, options.TokenRefreshMargin);
        limiter = new ProjectRateLimiter(timeProvider, options.RateLimitBurst, options.RateLimitPermitsPerPeriod, options.RateLimitPeriod);
        ownsMetrics = metrics is null;
        this.metrics = metrics ?? new AtlasClientMetrics();
    }

    public AtlasClientOptions Options => options;

    public TimeSpan PermitsFreeIn(string groupId, int calls) => limiter.FreeIn(groupId, calls);

    public async Task<AtlasRestoreJob> CreateRestoreJobAsync(AtlasCredentials credentials, AtlasApiFamily api, string groupId, string clusterName, AtlasRestoreRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.SnapshotId, "request.SnapshotId");
        ArgumentException.ThrowIfNullOrWhiteSpace(request.TargetDeploymentItemName, "request.TargetDeploymentItemName");
        var (operation, path) = api switch
        {
            AtlasApiFamily.Flex => (AtlasOperation.CreateFlexRestoreJob, FlexPath(groupId, clusterName, "/backup/restoreJobs")),
            _ => (AtlasOperation.CreateBackupTenantRestore, ClusterPath(groupId, clusterName, "/backup/tenant/restore")),
        };
        var body = JsonSerializer.Serialize(
            new RestoreJobCreateDto
            {
                SnapshotId = request.SnapshotId,
                TargetDeploymentItemName = request.TargetDeploymentItemName,
                TargetProjectId = string.IsNullOrWhiteSpace(request.TargetProjectId) ? null : request.TargetProjectId,
            },
            AtlasJsonContext.Default.RestoreJobCreateDto);
        var text = await SendAsync(credentials, operation, groupId, path, body, cancellationToken).ConfigureAwait(false);
        return ToRestoreJob(Read(text, AtlasJsonContext.Default.RestoreJobDto, operation, path, credentials), api, operation, path, credentials);
    }

    public async Task<AtlasRestoreJob> GetRestoreJobAsync(AtlasCredentials credentials, AtlasApiFamily api, string groupId, string clusterName, string jobId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        var (operation, path) = api switch
        {
            AtlasApiFamily.Flex => (AtlasOperation.GetFlexRestoreJob, FlexPath(groupId, clusterName, "/backup/restoreJobs/" + Uri.EscapeDataString(jobId))),
            _ => (AtlasOperation.GetBackupTenantRestore, ClusterPath(groupId, clusterName, "/backup/tenant/restores/" + Uri.EscapeDataString(jobId))),
        };
        var text = await SendAsync(credentials, operation, groupId, path, null, cancellationToken).ConfigureAwait(false);
        return ToRestoreJob(Read(text, AtlasJsonContext.Default.RestoreJobDto, operation, path, credentials), api, operation, path, credentials);
    }

    public async Task<IReadOnlyList<AtlasRestoreJob>> ListRestoreJobsAsync(AtlasCredentials credentials, AtlasApiFamily api, string groupId, string clusterName, CancellationToken cancellationToken)
    {
        var (operation, path) = api switch
        {
            AtlasApiFamily.Flex => (AtlasOperation.ListFlexRestoreJobs, FlexPath(groupId, clusterName, "/backup/restoreJobs")),
            _ => (AtlasOperation.ListBackupTenantRestores, ClusterPath(groupId, clusterName, "/backup/tenant/restores")),
        };
        var items = await ListAllAsync(credentials, api, operation, groupId, path, AtlasJsonContext.Default.PageDtoRestoreJobDto, cancellationToken).ConfigureAwait(false);
        return items.Select(dto => ToRestoreJob(dto, api, operation, path, credentials)).ToList();
    }

    public async Task<AtlasSnapshot> GetSnapshotAsync(AtlasCredentials credentials, AtlasApiFamily api, string groupId, string clusterName, string snapshotId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshotId);
        var (operation, path) = api switch
        {
            AtlasApiFamily.Flex => (AtlasOperation.GetFlexBackupSnapshot, FlexPath(groupId, clusterName, "/backup/snapshots/" + Uri.EscapeDataString(snapshotId))),
            _ => (AtlasOperation.GetBackupTenantSnapshot, ClusterPath(groupId, clusterName, "/backup/tenant/snapshots/" + Uri.EscapeDataString(snapshotId))),
        };
        var text = await SendAsync(credentials, operation, groupId, path, null, cancellationToken).ConfigureAwait(false);
        return ToSnapshot(Read(text, AtlasJsonContext.Default.SnapshotDto, operation, path, credentials), operation, path, credentials);
    }

    public async Task<IReadOnlyList<AtlasSnapshot>> ListSnapshotsAsync(AtlasCredentials credentials, AtlasApiFamily api, string groupId, string clusterName, CancellationToken cancellationToken)
    {
        var (operation, path) = api switch
        {
            AtlasApiFamily.Flex => (AtlasOperation.ListFlexBackupSnapshots, FlexPath(groupId, clusterName, "/backup/snapshots")),
            _ => (AtlasOperation.ListBackupTenantSnapshots, ClusterPath(groupId, clusterName, "/backup/tenant/snapshots")),
        };
        var items = await ListAllAsync(credentials, api, operation, groupId, path, AtlasJsonContext.Default.PageDtoSnapshotDto, cancellationToken).ConfigureAwait(false);
        return items.Select(dto => ToSnapshot(dto, operation, path, credentials)).ToList();
    }

    public async Task<AtlasFlexCluster> GetFlexClusterAsync(AtlasCredentials credentials, string groupId, string name, CancellationToken cancellationToken)
    {
        var operation = AtlasOperation.GetFlexCluster;
        var path = FlexPath(groupId, name, "");
        var text = await SendAsync(credentials, operation, groupId, path, null, cancellationToken).ConfigureAwait(false);
        var dto = Read(text, AtlasJsonContext.Default.FlexClusterDto, operation, path, credentials);
        return new AtlasFlexCluster
        {
            Name = string.IsNullOrEmpty(dto.Name) ? name : dto.Name,
            GroupId = dto.GroupId,
            MongoDBVersion = dto.MongoDBVersion,
            StateName = dto.StateName,
        };
    }

    public async Task<AtlasDedicatedCluster> GetClusterAsync(AtlasCredentials credentials, string groupId, string name, CancellationToken cancellationToken)
    {
        var operation = AtlasOperation.GetCluster;
        var path = ClusterPath(groupId, name, "");
        var text = await SendAsync(credentials, operation, groupId, path, null, cancellationToken).ConfigureAwait(false);
        var dto = Read(text, AtlasJsonContext.Default.ClusterDto, operation, path, credentials);
        return new AtlasDedicatedCluster
        {
            Name = string.IsNullOrEmpty(dto.Name) ? name : dto.Name,
            GroupId = dto.GroupId,
            MongoDBMajorVersion = dto.MongoDBMajorVersion,
            MongoDBVersion = dto.MongoDBVersion,
            EncryptionAtRestProvider = dto.EncryptionAtRestProvider,
            StateName = dto.StateName,
            Paused = dto.Paused,
        };
    }

    public void Dispose()
    {
        httpClient.Dispose();
        if (ownsMetrics)
        {
            metrics.Dispose();
        }
    }

    private static string FlexPath(string groupId, string name, string suffix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return ApiPrefix + Uri.EscapeDataString(groupId) + "/flexClusters/" + Uri.EscapeDataString(name) + suffix;
    }

    private static string ClusterPath(string groupId, string name, string suffix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(groupId);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return ApiPrefix + Uri.EscapeDataString(groupId) + "/clusters/" + Uri.EscapeDataString(name) + suffix;
    }

    // ---- paging -------------------------------------------------------------------------------------------

    private async Task<List<TItem>> ListAllAsync<TItem>(AtlasCredentials credentials, AtlasApiFamily api, AtlasOperation operation, string groupId, string path, JsonTypeInfo<PageDto<TItem>> typeInfo, CancellationToken cancellationToken)
    {
        var all = new List<TItem>();
        var pageSize = options.ListPageSize;
        // Flex pages by pageNum (the recorded "next" hrefs name an internal host, so we build our own URLs);
        // the tenant lists take no paging parameters and are followed through their "next" link.
        string? pathAndQuery = api == AtlasApiFamily.Flex ? FlexPage(path, 1, pageSize) : path;
        for (var pageNumber = 1; pathAndQuery is not null; pageNumber++)
        {
            if (pageNumber > options.MaxPages)
            {
                throw new AtlasApiException(
                    $"Atlas kept returning pages for GET {path}; stopped after {options.MaxPages} pages.",
                    AtlasFailureKind.Ambiguous);
            }
            var text = await SendAsync(credentials, operation, groupId, pathAndQuery, null, cancellationToken).ConfigureAwait(false);
            var page = Read(text, typeInfo, operation, pathAndQuery, credentials);
            var results = page.Results ?? [];
            all.AddRange(results);
            var next = page.Links?.FirstOrDefault(l => string.Equals(l.Rel, "next", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(l.Href));
            if (api == AtlasApiFamily.Flex)
            {
                // With links, trust them; without, a short page is the last one.
                var more = page.Links is { Count: > 0 } ? next is not null : results.Count >= pageSize;
                pathAndQuery = more && results.Count > 0 ? FlexPage(path, pageNumber + 1, pageSize) : null;
            }
            else
            {
                pathAndQuery = next is null ? null : SameOriginPathAndQuery(next.Href!);
            }
        }
        return all;
    }

    private static string FlexPage(string path, int pageNumber, int pageSize) =>
        string.Create(CultureInfo.InvariantCulture, $"{path}?itemsPerPage={pageSize}&pageNum={pageNumber}");

    // A "next" href may name another host; only its path and query are used, so credentials go to our base URL only.
    private static string SameOriginPathAndQuery(string href) =>
        Uri.TryCreate(href, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : href.StartsWith('/') ? href : "/" + href;

    // ---- the request pipeline -----------------------------------------------------------------------------

    /// <summary>Sends one logical call with retries; returns the 2xx body or throws <see cref="AtlasApiException"/>.</summary>
    private async Task<string> SendAsync(AtlasCredentials credentials, AtlasOperation operation, string groupId, string pathAndQuery, string? jsonBody, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        for (var attempt = 0; ; attempt++)
        {
            AtlasApiException failure;
            bool retryable;
            string statusText;
            try
            {
                var result = await SendAuthenticatedAsync(credentials, operation, groupId, pathAndQuery, jsonBody, cancellationToken).ConfigureAwait(false);
                if (result.IsSuccess)
                {
                    return result.Body;
                }
                failure = HttpFailure(operation, pathAndQuery, result, credentials);
                statusText = result.StatusCode.ToString(CultureInfo.InvariantCulture);
                // 429 is a definite "not now" for any method; 503 and other 5xx are ambiguous, so only GETs repeat them.
                retryable = result.StatusCode == 429 || (result.StatusCode >= 500 && !operation.IsPost);
            }
            catch (AtlasTransportException transport)
            {
                failure = TransportFailure(operation, pathAndQuery, transport);
                statusText = transport.TimedOut ? "timeout" : "network_error";
                retryable = !operation.IsPost;
            }
            catch (AtlasAttemptException beforeSend)
            {
                failure = beforeSend.Failure;
                statusText = failure.HttpStatus?.ToString(CultureInfo.InvariantCulture) ?? "network_error";
                retryable = beforeSend.Retryable;
            }

            var retryAfterTooLong = failure.RetryAfter is { } retryAfter && retryAfter > options.MaxRetryAfter;
            if (!retryable || attempt >= options.MaxRetries || retryAfterTooLong)
            {
                AtlasClientLog.Failed(logger, failure.Kind == AtlasFailureKind.Ambiguous ? LogLevel.Warning : LogLevel.Information, operation.Name, operation.Method.Method, pathAndQuery, statusText, failure.ErrorCode, credentials.Identity, failure.Kind);
                throw failure;
            }
            var delay = BackoffDelay(attempt, failure.RetryAfter);
            AtlasClientLog.Retrying(logger, operation.Name, operation.Method.Method, pathAndQuery, delay.TotalSeconds, statusText, attempt + 1, credentials.Identity);
            metrics.RecordWait(operation.Name, "server", delay);
            await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>At least <c>Retry-After</c>; otherwise exponential from <see cref="AtlasClientOptions.RetryBaseDelay"/> with jitter.</summary>
    private TimeSpan BackoffDelay(int attempt, TimeSpan? retryAfter)
    {
        var exponential = options.RetryBaseDelay * Math.Pow(2, Math.Min(attempt, 30));
        if (exponential > options.RetryMaxDelay)
        {
            exponential = options.RetryMaxDelay;
        }
        // Between half and all of the step, so many clients that failed together do not retry together.
        var jittered = exponential * (0.5 + (Random.Shared.NextDouble() * 0.5));
        return retryAfter is { } floor && floor > jittered ? floor : jittered;
    }

    /// <summary>One attempt: authenticate (answering a Digest challenge or refreshing a refused token once).</summary>
    private async Task<AtlasExchangeResult> SendAuthenticatedAsync(AtlasCredentials credentials, AtlasOperation operation, string groupId, string pathAndQuery, string? jsonBody, CancellationToken cancellationToken)
    {
        switch (credentials)
        {
            case ApiKeyCredentials apiKey:
            {
                // The digest URI is the request target exactly as sent (it includes any path prefix of BaseUrl).
                var digestUri = new Uri(baseUrl + pathAndQuery).PathAndQuery;
                var authorization = digest.Authorize(apiKey, operation.Method, digestUri, out var usedNonce);
                var result = await ExchangeAsync(operation, groupId, pathAndQuery, jsonBody, authorization, apiKey.Identity, cancellationToken).ConfigureAwait(false);
                // At most two challenge rounds: the first 401 (no or old nonce) and one stale nonce.
                var answeredChallengeOfThisCall = false;
                for (var round = 0; round < 2 && result.StatusCode == 401 && result.DigestChallenge is { } challenge; round++)
                {
                    // Atlas sends a fresh nonce with every 401, so a refused answer to a challenge we just received
                    // shows up with a different nonce; only "stale" means the answer itself was fine.
                    var refusedOurAnswer = authorization is not null && (answeredChallengeOfThisCall || usedNonce == challenge.Nonce);
                    if (refusedOurAnswer && !challenge.Stale)
                    {
                        // A correct answer to a current challenge was refused: the key is wrong or lacks access.
                        break;
                    }
                    AtlasClientLog.DigestChallenged(logger, apiKey.Identity, challenge.Stale);
                    digest.Remember(apiKey, challenge);
                    authorization = digest.Authorize(apiKey, operation.Method, digestUri, out usedNonce);
                    answeredChallengeOfThisCall = true;
                    result = await ExchangeAsync(operation, groupId, pathAndQuery, jsonBody, authorization, apiKey.Identity, cancellationToken).ConfigureAwait(false);
                }
                return result;
            }
            case ServiceAccountCredentials account:
            {
                var token = await GetAccessTokenAsync(account, cancellationToken).ConfigureAwait(false);
                var result = await ExchangeAsync(operation, groupId, pathAndQuery, jsonBody, "Bearer " + token, account.Identity, cancellationToken).ConfigureAwait(false);
                if (result.StatusCode == 401)
                {
                    // The token may have been revoked or expired early: fetch a new one once; a second 401 is final.
                    AtlasClientLog.TokenRefused(logger, account.Identity);
                    tokens.Invalidate(account, token);
                    token = await GetAccessTokenAsync(account, cancellationToken).ConfigureAwait(false);
                    result = await ExchangeAsync(operation, groupId, pathAndQuery, jsonBody, "Bearer " + token, account.Identity, cancellationToken).ConfigureAwait(false);
                }
                return result;
            }
            default:
                throw new ArgumentException($"Unsupported credentials type {credentials.GetType().Name}; use ApiKeyCredentials or ServiceAccountCredentials.", nameof(credentials));
        }
    }

    /// <summary>One HTTP exchange with an API endpoint, paced by the project's limiter.</summary>
    private async Task<AtlasExchangeResult> ExchangeAsync(AtlasOperation operation, string groupId, string pathAndQuery, string? jsonBody, string? authorization, string identity, CancellationToken cancellationToken)
    {
        // A read that would wait long is handed back to the caller, so one busy project cannot hold every worker; a
        // POST waits its turn however long, since its intent is already written.
        var maxWait = operation.Method == HttpMethod.Get ? options.MaxReadLimiterWait : Timeout.InfiniteTimeSpan;
        var waited = await (limiter.TryAcquireAsync(groupId, maxWait, out var freeIn, cancellationToken)
            ?? throw Deferred(operation, groupId, freeIn)).ConfigureAwait(false);

        if (waited > TimeSpan.Zero)
        {
            metrics.RecordWait(operation.Name, "client", waited);
            AtlasClientLog.LimiterWaited(logger, operation.Name, waited.TotalSeconds, groupId);
        }
        HttpContent? content = null;
        if (jsonBody is not null)
        {
            content = new ByteArrayContent(Encoding.UTF8.GetBytes(jsonBody));
            content.Headers.ContentType = new MediaTypeHeaderValue(operation.MediaType);
        }
        var result = await RawExchangeAsync(operation.Name, operation.Method, pathAndQuery, operation.MediaType, content, authorization, cancellationToken).ConfigureAwait(false);
        if (result.IsSuccess)
        {
            AtlasClientLog.Answered(logger, operation.Name, operation.Method.Method, pathAndQuery, result.StatusCode, identity);
        }
        return result;
    }

    private AtlasRequestDeferredException Deferred(AtlasOperation operation, string groupId, TimeSpan freeIn)
    {
        metrics.RecordDeferred(operation.Name);
        AtlasClientLog.LimiterDeferred(logger, operation.Name, groupId, freeIn.TotalSeconds);
        return new AtlasRequestDeferredException(operation.Name, groupId, freeIn);
    }

    private async Task<AtlasExchangeResult> RawExchangeAsync(string operationName, HttpMethod method, string pathAndQuery, string accept, HttpContent? content, string? authorization, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.RequestTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(method, baseUrl + pathAndQuery) { Content = content };
        request.Headers.TryAddWithoutValidation("Accept", accept);
        request.Headers.TryAddWithoutValidation("User-Agent", "atlas-restore-operator");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        try
        {
            using var message = await httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            var body = await message.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            var statusCode = (int)message.StatusCode;
            metrics.RecordRequest(operationName, statusCode.ToString(CultureInfo.InvariantCulture));
            return new AtlasExchangeResult(statusCode, body, RetryAfterOf(message), DigestChallengeOf(message));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The Atlas call was cancelled.", ex, cancellationToken);
            }
            var timedOut = timeout.IsCancellationRequested;
            metrics.RecordRequest(operationName, timedOut ? "timeout" : "network_error");
            throw new AtlasTransportException(timedOut, timedOut ? "timeout" : NetworkErrorOf(ex), ex);
        }
        finally
        {
            content?.Dispose();
        }
    }

    private static string NetworkErrorOf(Exception ex)
    {
        for (var current = ex; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } http)
            {
                return http.HttpRequestError switch
                {
                    HttpRequestError.ConnectionError => "the connection could not be made",
                    HttpRequestError.ResponseEnded => "the connection closed before a full response arrived",
                    HttpRequestError.NameResolutionError => "the host name could not be resolved",
                    HttpRequestError.SecureConnectionError => "the TLS handshake failed",
                    _ => "the connection failed (" + http.HttpRequestError + ")",
                };
            }
        }
        for (var current = ex; current is not null; current = current.InnerException)
        {
            if (current is IOException or System.Net.Sockets.SocketException)
            {
                return "the connection was closed or reset before a full response arrived";
            }
        }
        return "the connection failed";
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage message)
    {
        var header = message.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }
        if (header?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private static DigestChallenge? DigestChallengeOf(HttpResponseMessage message)
    {
        if (!message.Headers.TryGetValues("WWW-Authenticate", out var values))
        {
            return null;
        }
        foreach (var value in values)
        {
            var trimmed = value.TrimStart();
            if (trimmed.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase) && DigestChallenge.Parse(trimmed["Digest ".Length..]) is { } challenge)
            {
                return challenge;
            }
        }
        return null;
    }

    // ---- OAuth --------------------------------------------------------------------------------------------

    private async Task<string> GetAccessTokenAsync(ServiceAccountCredentials account, CancellationToken cancellationToken)
    {
        if (tokens.TryGet(account) is { } cached)
        {
            return cached;
        }
        var gate = tokens.FetchGate(account);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (tokens.TryGet(account) is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile;
            }
            return await FetchAccessTokenAsync(account, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<string> FetchAccessTokenAsync(ServiceAccountCredentials account, CancellationToken cancellationToken)
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(account.ClientId + ":" + account.ClientSecret));
        using var form = new FormUrlEncodedContent([new KeyValuePair<string, string>("grant_type", "client_credentials")]);
        AtlasExchangeResult result;
        try
        {
            result = await RawExchangeAsync(AtlasOperation.OAuthTokenName, HttpMethod.Post, TokenPath, "application/json", form, "Basic " + basic, cancellationToken).ConfigureAwait(false);
        }
        catch (AtlasTransportException transport)
        {
            // Nothing reached the API: this is a definite "not done", and safe to try again even for a POST.
            var reason = transport.TimedOut ? $"no response within {Seconds(options.RequestTimeout)} s" : transport.Message;
            throw new AtlasAttemptException(
                new AtlasApiException($"Atlas could not issue an OAuth token for service account {account.ClientId}: {reason}.", AtlasFailureKind.Rejected, innerException: transport.InnerException),
                retryable: true);
        }
        if (!result.IsSuccess)
        {
            var error = AtlasErrorBody.Parse(result.Body);
            var message = Redact($"Atlas refused to issue an OAuth token for service account {account.ClientId}: {error.Describe(result.StatusCode)}", account);
            throw new AtlasAttemptException(
                new AtlasApiException(message, AtlasFailureKind.Rejected, result.StatusCode, error.ErrorCode, error.Detail, error.Reason, error.Parameters, result.RetryAfter),
                retryable: result.StatusCode == 429 || result.StatusCode >= 500);
        }
        OAuthTokenDto? token = null;
        try
        {
            token = JsonSerializer.Deserialize(result.Body, AtlasJsonContext.Default.OAuthTokenDto);
        }
        catch (JsonException)
        {
            // Reported below without the body, which holds the token.
        }
        if (token?.AccessToken is not { Length: > 0 } accessToken)
        {
            throw new AtlasAttemptException(
                new AtlasApiException($"Atlas answered the OAuth token request for service account {account.ClientId} without a readable access_token.", AtlasFailureKind.Rejected, result.StatusCode),
                retryable: false);
        }
        var lifetime = TimeSpan.FromSeconds(token.ExpiresIn is > 0 ? token.ExpiresIn.Value : 3600);
        tokens.Store(account, accessToken, lifetime);
        AtlasClientLog.TokenFetched(logger, account.Identity, lifetime.TotalSeconds);
        return accessToken;
    }

    // ---- failures -----------------------------------------------------------------------------------------

    private static AtlasApiException HttpFailure(AtlasOperation operation, string pathAndQuery, AtlasExchangeResult result, AtlasCredentials credentials)
    {
        var error = AtlasErrorBody.Parse(result.Body);
        var definite = result.StatusCode is >= 400 and < 500;
        var message = definite
            ? $"Atlas rejected {operation.Method.Method} {pathAndQuery}: {error.Describe(result.StatusCode)}"
            : $"Atlas gave no definite answer to {operation.Method.Method} {pathAndQuery}: {error.Describe(result.StatusCode)}";
        if (operation.IsTenant && (result.StatusCode == 410 || error.ErrorCode == "VERSION_GONE"))
        {
            message += " The shared-tier (tenant) restore API was retired on 2026-01-22; use api: Flex.";
        }
        else if (operation.IsTenant && result.StatusCode == 404 && error.ErrorCode is not ("CLUSTER_NOT_FOUND" or "GROUP_NOT_FOUND"))
        {
            // After the sunset Atlas may answer the removed tenant paths with a plain 404.
            message += " If the cluster exists, the shared-tier (tenant) restore API may be gone (retired on 2026-01-22); use api: Flex.";
        }
        if (!definite && operation.IsPost)
        {
            message += " The request may have taken effect.";
        }
        return new AtlasApiException(
            Redact(message, credentials),
            definite ? AtlasFailureKind.Rejected : AtlasFailureKind.Ambiguous,
            result.StatusCode,
            error.ErrorCode,
            error.Detail is null ? null : Redact(error.Detail, credentials),
            error.Reason,
            error.Parameters,
            result.RetryAfter);
    }

    private AtlasApiException TransportFailure(AtlasOperation operation, string pathAndQuery, AtlasTransportException transport)
    {
        var what = transport.TimedOut ? $"no response within {Seconds(options.RequestTimeout)} s" : transport.Message;
        var message = $"Atlas gave no definite answer to {operation.Method.Method} {pathAndQuery}: {what}.";
        if (operation.IsPost)
        {
            message += " The request may have taken effect.";
        }
        return new AtlasApiException(message, AtlasFailureKind.Ambiguous, innerException: transport.InnerException);
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Server text is echoed into messages; make sure it cannot carry our own secret back out.</summary>
    private static string Redact(string text, AtlasCredentials credentials)
    {
        var secret = credentials switch
        {
            ApiKeyCredentials key => key.PrivateKey,
            ServiceAccountCredentials account => account.ClientSecret,
            _ => null,
        };
        return string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "[redacted]", StringComparison.Ordinal);
    }

    // ---- reading bodies -----------------------------------------------------------------------------------

    private static T Read<T>(string text, JsonTypeInfo<T> typeInfo, AtlasOperation operation, string pathAndQuery, AtlasCredentials credentials)
    {
        try
        {
            if (JsonSerializer.Deserialize(text, typeInfo) is { } value)
            {
                return value;
            }
        }
        catch (JsonException ex)
        {
            throw Unreadable(operation, pathAndQuery, credentials, ex.Message, ex);
        }
        throw Unreadable(operation, pathAndQuery, credentials, "the body was empty", null);
    }

    // A 2xx whose body cannot be read tells us nothing definite (for a POST the job may exist).
    private static AtlasApiException Unreadable(AtlasOperation operation, string pathAndQuery, AtlasCredentials credentials, string why, Exception? inner) =>
        new(Redact($"Atlas answered {operation.Method.Method} {pathAndQuery} with a body that could not be read: {why.TrimEnd('.')}.", credentials), AtlasFailureKind.Ambiguous, 200, innerException: inner);

    private static AtlasRestoreJob ToRestoreJob(RestoreJobDto dto, AtlasApiFamily api, AtlasOperation operation, string path, AtlasCredentials credentials)
    {
        if (string.IsNullOrEmpty(dto.Id))
        {
            throw Unreadable(operation, path, credentials, "a restore job has no id", null);
        }
        return new AtlasRestoreJob
        {
            Id = dto.Id,
            Status = dto.Status,
            DeliveryType = dto.DeliveryType,
            ProjectId = dto.ProjectId,
            // The source cluster: "clusterName" on the tenant API, "instanceName" on Flex.
            ClusterName = api == AtlasApiFamily.Flex ? dto.InstanceName ?? dto.ClusterName : dto.ClusterName ?? dto.InstanceName,
            SnapshotId = dto.SnapshotId,
            TargetDeploymentItemName = dto.TargetDeploymentItemName,
            TargetProjectId = dto.TargetProjectId,
            RestoreScheduledDate = DateOf(dto.RestoreScheduledDate),
            RestoreFinishedDate = DateOf(dto.RestoreFinishedDate),
            SnapshotFinishedDate = DateOf(dto.SnapshotFinishedDate),
            ExpirationDate = DateOf(dto.ExpirationDate),
            SnapshotUrl = dto.SnapshotUrl,
        };
    }

    private static AtlasSnapshot ToSnapshot(SnapshotDto dto, AtlasOperation operation, string path, AtlasCredentials credentials)
    {
        if (string.IsNullOrEmpty(dto.Id))
        {
            throw Unreadable(operation, path, credentials, "a snapshot has no id", null);
        }
        return new AtlasSnapshot
        {
            Id = dto.Id,
            Status = dto.Status,
            MongoDBVersion = dto.MongoDBVersion,
            ScheduledTime = DateOf(dto.ScheduledTime),
            StartTime = DateOf(dto.StartTime),
            FinishTime = DateOf(dto.FinishTime),
            Expiration = DateOf(dto.Expiration),
        };
    }

    private static DateTimeOffset? DateOf(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;
}
