using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AtlasRestoreOperator.Sandbox.AtlasEmulator.Json;
using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Sandbox.AtlasEmulator.Http;

/// <summary>The behaviour of the tenant, Flex and cluster endpoints, once a request is authenticated and negotiated.</summary>
internal sealed class ApiHandlers(AtlasEmulatorState state, ILogger logger)
{
    public EmulatorResponse Handle(ApiRequest request)
    {
        string groupId = request.GroupId;
        if (state.FindProject(groupId) is null)
        {
            return ApiErrors.GroupNotFound(groupId);
        }

        if (!HasAccess(request.Caller, groupId, request.Match.Route.Access))
        {
            return Forbidden(request.Caller.Identity, groupId);
        }

        RouteFamily family = request.Match.Route.Family;
        string clusterName = family == RouteFamily.Flex ? request.Match["name"] : request.Match["clusterName"];
        EmulatedCluster? cluster = state.FindCluster(groupId, clusterName);
        if (cluster is null)
        {
            return ApiErrors.ClusterNotFound(clusterName, groupId);
        }

        EmulatorResponse? wrongApi = CheckClusterKind(cluster, family);
        if (wrongApi is not null)
        {
            return wrongApi;
        }

        return request.Match.Route.Operation switch
        {
            AtlasOperations.CreateTenantRestore or AtlasOperations.CreateFlexRestoreJob => CreateRestore(request, cluster),
            AtlasOperations.DownloadTenantSnapshot or AtlasOperations.DownloadFlexSnapshot => CreateDownload(request, cluster),
            AtlasOperations.ListTenantRestores or AtlasOperations.ListFlexRestoreJobs => ListJobs(request, cluster),
            AtlasOperations.GetTenantRestore => GetJob(request, cluster, request.Match["restoreId"]),
            AtlasOperations.GetFlexRestoreJob => GetJob(request, cluster, request.Match["restoreJobId"]),
            AtlasOperations.ListTenantSnapshots or AtlasOperations.ListFlexSnapshots => ListSnapshots(request, cluster),
            AtlasOperations.GetTenantSnapshot or AtlasOperations.GetFlexSnapshot => GetSnapshot(request, cluster),
            AtlasOperations.GetFlexCluster => Ok(request, FlexClusterBody(cluster), WireJsonContext.Default.FlexClusterBody),
            AtlasOperations.GetCluster => Ok(request, ClusterBody(cluster, request.Version), WireJsonContext.Default.ClusterBody),
            _ => ApiErrors.ResourceNotFound(request.Path),
        };
    }

    private static bool HasAccess(Auth.Caller caller, string projectId, AccessLevel access) => access switch
    {
        AccessLevel.Read => caller.HasAnyRole(projectId),
        AccessLevel.Owner => caller.HasRole(projectId, AtlasRoles.ProjectOwner),
        AccessLevel.FlexRestore => caller.HasRole(projectId, AtlasRoles.ProjectOwner) || caller.HasRole(projectId, AtlasRoles.ProjectBackupRecoveryOperator),
        AccessLevel.FlexDownload => caller.HasRole(projectId, AtlasRoles.ProjectOwner) || caller.HasRole(projectId, AtlasRoles.ProjectBackupExportOperator),
        _ => false,
    };

    private static EmulatorResponse Forbidden(string identity, string projectId) =>
        ApiErrors.Create(403, "USER_UNAUTHORIZED", $"Current user {identity} is not authorized to perform this action in group {projectId}.", identity, projectId);

    /// <summary>
    /// Which cluster kinds each API serves. The tenant endpoints serve Flex clusters too: before the sunset they "can
    /// also be used on Flex clusters" (reference §3.1), so only C1 refuses them.
    /// </summary>
    private static EmulatorResponse? CheckClusterKind(EmulatedCluster cluster, RouteFamily family) => (family, cluster.Kind) switch
    {
        (RouteFamily.Flex, not ClusterKind.Flex) => ApiErrors.Create(400, "CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API",
            $"Cannot use non-flex cluster {cluster.Name} in the flex API.", cluster.Name),
        (RouteFamily.Cluster, ClusterKind.Flex) => ApiErrors.Create(400, "CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API",
            $"Flex cluster {cluster.Name} cannot be used in the Cluster API.", cluster.Name),
        (RouteFamily.Tenant, ClusterKind.Dedicated) => ApiErrors.Create(400, "CANNOT_USE_NON_TENANT_CLUSTER_IN_TENANT_API",
            $"Cluster {cluster.Name} is not a shared-tier (M2/M5) cluster; the tenant backup API serves only those.", cluster.Name),
        _ => null,
    };

    private EmulatorResponse CreateRestore(ApiRequest request, EmulatedCluster source)
    {
        if (!TryParseBody(request.Body, out RestoreRequestBody? body, out EmulatorResponse? invalid))
        {
            return invalid;
        }

        EmulatorResponse? fieldError = RequireHexId("snapshotId", body.SnapshotId)
            ?? RequireTargetName(body.TargetDeploymentItemName)
            ?? (body.TargetProjectId is null ? null : RequireHexId("targetProjectId", body.TargetProjectId));
        if (fieldError is not null)
        {
            return fieldError;
        }

        if (!TryFindRestorableSnapshot(source, body.SnapshotId!, request.Now, out EmulatedSnapshot? snapshot, out EmulatorResponse? snapshotError))
        {
            return snapshotError;
        }

        string targetProjectId = body.TargetProjectId ?? source.ProjectId;
        if (state.FindProject(targetProjectId) is null)
        {
            return ApiErrors.GroupNotFound(targetProjectId);
        }

        if (!HasAccess(request.Caller, targetProjectId, request.Match.Route.Access))
        {
            return Forbidden(request.Caller.Identity, targetProjectId);
        }

        EmulatedCluster? target = state.FindCluster(targetProjectId, body.TargetDeploymentItemName!);
        if (target is null)
        {
            return ApiErrors.ClusterNotFound(body.TargetDeploymentItemName!, targetProjectId);
        }

        var job = new EmulatedRestoreJob
        {
            Id = state.NewId(),
            ProjectId = source.ProjectId,
            ClusterName = source.Name,
            Api = ApiOf(request),
            DeliveryType = "RESTORE",
            SnapshotId = snapshot.Id,
            SnapshotFinishedDate = snapshot.FinishTime,
            TargetDeploymentItemName = target.Name,
            TargetProjectId = targetProjectId,
            CreatedAt = request.Now,
            ExpirationDate = request.Now + AtlasEmulatorState.RestoreExpiry,
            FailureReason = BrokenRestriction(snapshot, target),
        };
        state.AddJob(job);
        logger.LogInformation(
            "Created restore job {JobId} of snapshot {SnapshotId} from {ProjectId}/{ClusterName} onto {TargetProjectId}/{TargetName} via {Api}; restriction broken: {FailureReason}",
            job.Id, job.SnapshotId, job.ProjectId, job.ClusterName, job.TargetProjectId, job.TargetDeploymentItemName, job.Api, job.FailureReason ?? "none");
        return Ok(request, JobBody(job, request), WireJsonContext.Default.RestoreJobBody);
    }

    private EmulatorResponse CreateDownload(ApiRequest request, EmulatedCluster source)
    {
        if (!TryParseBody(request.Body, out RestoreRequestBody? body, out EmulatorResponse? invalid))
        {
            return invalid;
        }

        // The tenant download reuses TenantRestore, whose schema requires targetDeploymentItemName as well.
        EmulatorResponse? fieldError = RequireHexId("snapshotId", body.SnapshotId)
            ?? (request.Match.Route.Family == RouteFamily.Tenant ? RequireTargetName(body.TargetDeploymentItemName) : null);
        if (fieldError is not null)
        {
            return fieldError;
        }

        if (!TryFindRestorableSnapshot(source, body.SnapshotId!, request.Now, out EmulatedSnapshot? snapshot, out EmulatorResponse? snapshotError))
        {
            return snapshotError;
        }

        string id = state.NewId();
        var job = new EmulatedRestoreJob
        {
            Id = id,
            ProjectId = source.ProjectId,
            ClusterName = source.Name,
            Api = ApiOf(request),
            DeliveryType = "DOWNLOAD",
            SnapshotId = snapshot.Id,
            CreatedAt = request.Now,
            ExpirationDate = request.Now + AtlasEmulatorState.DownloadExpiry,
            SnapshotUrl = $"{request.BaseUrl}/backup/download/{id}/restore-{snapshot.Id}.tar.gz",
        };
        state.AddJob(job);
        logger.LogInformation("Created download job {JobId} of snapshot {SnapshotId} of {ProjectId}/{ClusterName}", id, snapshot.Id, source.ProjectId, source.Name);
        return Ok(request, JobBody(job, request), WireJsonContext.Default.RestoreJobBody);
    }

    private EmulatorResponse ListJobs(ApiRequest request, EmulatedCluster cluster)
    {
        List<RestoreJobBody> all = [.. state.RestoreJobsOf(cluster.ProjectId, cluster.Name).Select(job => JobBody(job, request))];
        return Page(request, all, WireJsonContext.Default.PagedBodyRestoreJobBody);
    }

    private EmulatorResponse GetJob(ApiRequest request, EmulatedCluster cluster, string jobId)
    {
        string parameter = request.Match.Route.Family == RouteFamily.Tenant ? "restoreId" : "restoreJobId";
        EmulatorResponse? invalid = RequireHexId(parameter, jobId);
        if (invalid is not null)
        {
            return invalid;
        }

        EmulatedRestoreJob? job = state.FindRestoreJob(jobId);
        if (job is null || job.ProjectId != cluster.ProjectId || job.ClusterName != cluster.Name)
        {
            return ApiErrors.Create(404, "RESTORE_JOB_NOT_FOUND", $"No restore job with ID {jobId} exists for cluster {cluster.Name}.", jobId, cluster.Name);
        }

        return Ok(request, JobBody(job, request), WireJsonContext.Default.RestoreJobBody);
    }

    private EmulatorResponse ListSnapshots(ApiRequest request, EmulatedCluster cluster)
    {
        List<SnapshotBody> all = [.. state.SnapshotsOf(cluster.ProjectId, cluster.Name).Select(SnapshotBody)];
        return Page(request, all, WireJsonContext.Default.PagedBodySnapshotBody);
    }

    private EmulatorResponse GetSnapshot(ApiRequest request, EmulatedCluster cluster)
    {
        string snapshotId = request.Match["snapshotId"];
        EmulatorResponse? invalid = RequireHexId("snapshotId", snapshotId);
        if (invalid is not null)
        {
            return invalid;
        }

        EmulatedSnapshot? snapshot = state.FindSnapshot(cluster.ProjectId, cluster.Name, snapshotId);
        return snapshot is null
            ? SnapshotNotFound(snapshotId, cluster.Name)
            : Ok(request, SnapshotBody(snapshot), WireJsonContext.Default.SnapshotBody);
    }

    private EmulatorResponse Page<T>(ApiRequest request, List<T> all, JsonTypeInfo<PagedBody<T>> typeInfo)
    {
        string self = request.BaseUrl + request.Path;
        if (request.Match.Route.Family == RouteFamily.Tenant)
        {
            // The tenant lists declare no paging parameters: one page with everything.
            return Ok(request, new PagedBody<T>([new LinkBody(self, "self")], all, all.Count), typeInfo);
        }

        if (!TryReadInt(request, "itemsPerPage", 100, 1, 500, out int itemsPerPage, out EmulatorResponse? error)
            || !TryReadInt(request, "pageNum", 1, 1, int.MaxValue, out int pageNum, out error))
        {
            return error;
        }

        string includeText = request.Query["includeCount"].ToString();
        bool includeCount = true;
        if (includeText.Length > 0 && !bool.TryParse(includeText, out includeCount))
        {
            return ApiErrors.Validation("includeCount", $"must be true or false; got '{includeText}'.");
        }

        string include = includeCount ? "true" : "false";
        List<T> results = [.. all.Skip((int)Math.Min(int.MaxValue, (long)(pageNum - 1) * itemsPerPage)).Take(itemsPerPage)];
        var links = new List<LinkBody> { new($"{self}?includeCount={include}&pageNum={pageNum}&itemsPerPage={itemsPerPage}", "self") };
        if ((long)pageNum * itemsPerPage < all.Count)
        {
            links.Add(new LinkBody($"{self}?includeCount={include}&itemsPerPage={itemsPerPage}&pageNum={pageNum + 1}", "next"));
        }

        return Ok(request, new PagedBody<T>(links, results, includeCount ? all.Count : null), typeInfo);
    }

    private static bool TryReadInt(ApiRequest request, string name, int fallback, int min, int max, out int value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out EmulatorResponse? error)
    {
        string text = request.Query[name].ToString();
        error = null;
        value = fallback;
        if (text.Length == 0)
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        string range = max == int.MaxValue ? $"at least {min}" : $"from {min} to {max}";
        error = ApiErrors.Validation(name, $"must be an integer {range}; got '{text}'.");
        return false;
    }

    private bool TryFindRestorableSnapshot(EmulatedCluster source, string snapshotId, DateTimeOffset now,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EmulatedSnapshot? snapshot,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out EmulatorResponse? error)
    {
        snapshot = state.FindSnapshot(source.ProjectId, source.Name, snapshotId);
        error = null;
        if (snapshot is null)
        {
            error = SnapshotNotFound(snapshotId, source.Name);
            return false;
        }

        if (snapshot.Status != "COMPLETED")
        {
            error = ApiErrors.Create(400, "SNAPSHOT_NOT_COMPLETE",
                $"Snapshot {snapshotId} is {snapshot.Status}; only a COMPLETED snapshot can be restored or downloaded.", snapshotId, snapshot.Status);
            snapshot = null;
            return false;
        }

        // Atlas deletes a snapshot when it expires; one still listed past its expiration cannot be restored.
        if (snapshot.Expiration is { } expiration && expiration <= now)
        {
            error = ApiErrors.Create(400, "SNAPSHOT_EXPIRED",
                $"Snapshot {snapshotId} expired at {expiration.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}; it can no longer be restored or downloaded.", snapshotId);
            snapshot = null;
            return false;
        }

        return true;
    }

    private static EmulatorResponse SnapshotNotFound(string snapshotId, string clusterName) =>
        ApiErrors.Create(404, "SNAPSHOT_NOT_FOUND", $"No snapshot with ID {snapshotId} exists for cluster {clusterName}.", snapshotId, clusterName);

    /// <summary>The documented tenant restrictions, enforced for Flex too: same major version, no encryption at rest.</summary>
    private static string? BrokenRestriction(EmulatedSnapshot snapshot, EmulatedCluster target)
    {
        string snapshotMajor = Major(snapshot.MongoDBVersion);
        string targetMajor = Major(target.Kind == ClusterKind.Flex ? target.MongoDBVersion : target.MongoDBMajorVersion);
        if (snapshotMajor != targetMajor)
        {
            return $"target MongoDB major version {targetMajor} differs from the snapshot's {snapshotMajor}";
        }

        if (target.Kind != ClusterKind.Flex && !string.Equals(target.EncryptionAtRestProvider, "NONE", StringComparison.OrdinalIgnoreCase))
        {
            return $"target uses encryption at rest ({target.EncryptionAtRestProvider})";
        }

        return null;
    }

    private static string Major(string version) => version.Split('.')[0];

    private static bool TryParseBody(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RestoreRequestBody? body,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out EmulatorResponse? error)
    {
        body = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = ApiErrors.Validation("body", "a JSON object is required.");
            return false;
        }

        try
        {
            body = JsonSerializer.Deserialize(text, WireJsonContext.Default.RestoreRequestBody);
        }
        catch (JsonException exception)
        {
            error = ApiErrors.Validation("body", $"not valid JSON ({exception.Message}).");
            return false;
        }

        if (body is null)
        {
            error = ApiErrors.Validation("body", "a JSON object is required.");
            return false;
        }

        return true;
    }

    private static EmulatorResponse? RequireHexId(string field, string? value) =>
        value is null ? ApiErrors.Validation(field, "is required.")
        : PathPatterns.IsHexId(value) ? null
        : ApiErrors.Validation(field, $"must match {PathPatterns.HexIdPattern}; got '{value}'.");

    private static EmulatorResponse? RequireTargetName(string? value) =>
        value is null ? ApiErrors.Validation("targetDeploymentItemName", "is required.")
        : PathPatterns.IsDeploymentItemName(value) ? null
        : ApiErrors.Validation("targetDeploymentItemName", $"must match {PathPatterns.DeploymentItemNamePattern}; got '{value}'.");

    private static RestoreApiFamily ApiOf(ApiRequest request) =>
        request.Match.Route.Family == RouteFamily.Tenant ? RestoreApiFamily.Tenant : RestoreApiFamily.Flex;

    private RestoreJobBody JobBody(EmulatedRestoreJob job, ApiRequest request)
    {
        bool tenant = request.Match.Route.Family == RouteFamily.Tenant;
        bool restore = job.DeliveryType == "RESTORE";
        return new RestoreJobBody
        {
            ClusterName = tenant ? job.ClusterName : null,
            InstanceName = tenant ? null : job.ClusterName,
            DeliveryType = job.DeliveryType,
            ExpirationDate = job.ExpirationDate,
            Id = job.Id,
            ProjectId = job.ProjectId,
            RestoreFinishedDate = job.FinishedDateAt(request.Now, state.Timings),
            RestoreScheduledDate = restore ? job.CreatedAt : null,
            SnapshotFinishedDate = restore ? job.SnapshotFinishedDate : null,
            SnapshotId = job.SnapshotId,
            SnapshotUrl = job.SnapshotUrl,
            Status = job.StatusAt(request.Now, state.Timings),
            TargetDeploymentItemName = restore ? job.TargetDeploymentItemName : null,
            TargetProjectId = restore ? job.TargetProjectId : null,
        };
    }

    private static SnapshotBody SnapshotBody(EmulatedSnapshot snapshot) => new()
    {
        Expiration = snapshot.Expiration,
        FinishTime = snapshot.FinishTime,
        Id = snapshot.Id,
        MongoDBVersion = snapshot.MongoDBVersion,
        ScheduledTime = snapshot.ScheduledTime,
        StartTime = snapshot.StartTime,
        Status = snapshot.Status,
    };

    private static FlexClusterBody FlexClusterBody(EmulatedCluster cluster) => new()
    {
        BackupSettings = new FlexBackupSettingsBody(true),
        ConnectionStrings = new ConnectionStringsBody(
            $"mongodb://{cluster.Name.ToLowerInvariant()}-shard-00-00.emulator.invalid:27017/?ssl=true&authSource=admin",
            $"mongodb+srv://{cluster.Name.ToLowerInvariant()}.emulator.invalid"),
        CreateDate = cluster.CreateDate,
        GroupId = cluster.ProjectId,
        Id = cluster.Id,
        MongoDBVersion = cluster.MongoDBVersion,
        Name = cluster.Name,
        ProviderSettings = new FlexProviderSettingsBody("AWS", 5.0, "FLEX", "US_EAST_1"),
        StateName = cluster.StateName,
    };

    private static ClusterBody ClusterBody(EmulatedCluster cluster, string version)
    {
        bool tenant = cluster.Kind == ClusterKind.Tenant;
        string providerName = tenant ? "TENANT" : "AWS";
        return new ClusterBody
        {
            BackupEnabled = true,
            CreateDate = cluster.CreateDate,
            EncryptionAtRestProvider = cluster.EncryptionAtRestProvider,
            GroupId = cluster.ProjectId,
            Id = cluster.Id,
            MongoDBMajorVersion = cluster.MongoDBMajorVersion,
            MongoDBVersion = cluster.MongoDBVersion,
            Name = cluster.Name,
            Paused = cluster.Paused,
            StateName = cluster.StateName,
            ProviderSettings = version == "2023-01-01"
                ? new ClusterProviderSettingsBody
                {
                    ProviderName = providerName,
                    BackingProviderName = tenant ? "AWS" : null,
                    InstanceSizeName = cluster.InstanceSizeName,
                    EffectiveInstanceSizeName = tenant ? cluster.InstanceSizeName : null,
                    RegionName = "US_EAST_1",
                }
                : null,
            ReplicationSpecs = version == "2023-01-01"
                ? null
                :
                [
                    new ReplicationSpecBody(
                    [
                        new RegionConfigBody
                        {
                            ProviderName = providerName,
                            BackingProviderName = tenant ? "AWS" : null,
                            RegionName = "US_EAST_1",
                            ElectableSpecs = new HardwareSpecBody
                            {
                                InstanceSize = cluster.InstanceSizeName,
                                EffectiveInstanceSize = tenant ? cluster.InstanceSizeName : null,
                                NodeCount = tenant ? null : 3,
                            },
                        },
                    ]),
                ],
        };
    }

    private static EmulatorResponse Ok<T>(ApiRequest request, T body, JsonTypeInfo<T> typeInfo) =>
        new(200, $"application/vnd.atlas.{request.Version}+json;charset=utf-8", JsonWriting.Serialize(body, typeInfo, request.Pretty), null);
}
