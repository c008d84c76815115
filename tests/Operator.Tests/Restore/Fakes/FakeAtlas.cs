using AtlasRestoreOperator.Operator.Atlas;

namespace AtlasRestoreOperator.Operator.Tests.Restore.Fakes;

/// <summary>
/// An in-memory Atlas with one cluster registry (Flex, tenant and dedicated clusters), snapshots, and restore jobs
/// whose status follows a script on each GET. It records every call and can fail any call, definitely or ambiguously.
/// </summary>
internal sealed class FakeAtlas(TimeProvider timeProvider, OperationJournal journal) : IAtlasClient
{
    public const string CreateOperation = "CreateRestoreJob";

    private readonly HashSet<string> projects = [];
    private readonly Dictionary<(string Group, string Name), AtlasFlexCluster> flexClusters = [];
    private readonly Dictionary<(string Group, string Name), AtlasDedicatedCluster> clusterApiClusters = [];
    private readonly HashSet<(string Group, string Name)> tenantClusters = [];
    private readonly Dictionary<(string Group, string Name), List<AtlasSnapshot>> snapshots = [];
    private readonly Dictionary<(string Group, string Name), List<AtlasRestoreJob>> jobs = [];
    private readonly Dictionary<string, Queue<string>> jobScripts = [];
    private readonly Dictionary<string, Queue<Exception>> faults = [];
    private readonly List<AtlasCall> calls = [];
    private int nextJob = 1;

    public TenantEndpointMode TenantMode { get; set; } = TenantEndpointMode.Serving;

    /// <summary>Statuses a new job takes on its successive GETs (the last one sticks).</summary>
    public IReadOnlyList<string> NewJobScript { get; set; } = ["QUEUED", "RUNNING", "COMPLETED"];

    /// <summary>When set, the next POST creates the job and then reports an ambiguous failure (a lost response).</summary>
    public bool CreateThenLoseResponse { get; set; }

    public IReadOnlyList<AtlasCall> Calls => calls;

    /// <summary>What <see cref="PermitsFreeIn"/> answers for a number of calls: how long the project's limiter is busy.</summary>
    public Func<int, TimeSpan> LimiterBusyFor { get; set; } = _ => TimeSpan.Zero;

    /// <summary>The (project, calls) of every permits question, in order.</summary>
    public List<(string Group, int Calls)> PermitQuestions { get; } = [];

    public int Posts => calls.Count(c => c.Operation == CreateOperation);

    public int CallsOf(string operation) => calls.Count(c => c.Operation == operation);

    public IReadOnlyList<AtlasRestoreJob> JobsOf(string group, string cluster) =>
        jobs.TryGetValue((group, cluster), out var list) ? list.ToList() : [];

    public void AddProject(string group) => projects.Add(group);

    public void AddFlexCluster(string group, string name, string mongoDBVersion) =>
        flexClusters[(group, name)] = new AtlasFlexCluster { Name = name, GroupId = group, MongoDBVersion = mongoDBVersion, StateName = "IDLE" };

    /// <summary>A former M2/M5 cluster still served by the tenant endpoints; the Flex API calls it non-Flex.</summary>
    public void AddTenantCluster(string group, string name, string mongoDBVersion)
    {
        tenantClusters.Add((group, name));
        clusterApiClusters[(group, name)] = new AtlasDedicatedCluster
        {
            Name = name, GroupId = group, MongoDBVersion = mongoDBVersion, MongoDBMajorVersion = mongoDBVersion[..mongoDBVersion.LastIndexOf('.')],
        };
    }

    public void AddDedicatedCluster(string group, string name, string majorVersion, string encryptionAtRestProvider = "NONE") =>
        clusterApiClusters[(group, name)] = new AtlasDedicatedCluster
        {
            Name = name, GroupId = group, MongoDBMajorVersion = majorVersion, MongoDBVersion = majorVersion + ".4",
            EncryptionAtRestProvider = encryptionAtRestProvider, StateName = "IDLE",
        };

    public void AddSnapshot(string group, string cluster, string id, string status, string mongoDBVersion, DateTimeOffset? expiration = null)
    {
        if (!snapshots.TryGetValue((group, cluster), out var list))
        {
            snapshots[(group, cluster)] = list = [];
        }

        list.Add(new AtlasSnapshot { Id = id, Status = status, MongoDBVersion = mongoDBVersion, Expiration = expiration });
    }

    /// <summary>A job that already exists in Atlas (someone else's, or an earlier object's).</summary>
    public AtlasRestoreJob AddExistingJob(string group, string cluster, string snapshotId, string target, string? targetProjectId, string status,
        DateTimeOffset scheduled, string deliveryType = "RESTORE")
    {
        var job = new AtlasRestoreJob
        {
            Id = NewJobId(), Status = status, DeliveryType = deliveryType, ProjectId = group, ClusterName = cluster, SnapshotId = snapshotId,
            TargetDeploymentItemName = target, TargetProjectId = targetProjectId, RestoreScheduledDate = scheduled,
        };
        JobList(group, cluster).Add(job);
        return job;
    }

    /// <summary>Makes the next <paramref name="times"/> calls of <paramref name="operation"/> (e.g. "GetFlexCluster") fail with <paramref name="failure"/>.</summary>
    public void FailNext(string operation, Exception failure, int times = 1)
    {
        if (!faults.TryGetValue(operation, out var queue))
        {
            faults[operation] = queue = new Queue<Exception>();
        }

        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(failure);
        }
    }

    public TimeSpan PermitsFreeIn(string groupId, int calls)
    {
        PermitQuestions.Add((groupId, calls));
        return LimiterBusyFor(calls);
    }

    public Task<AtlasRestoreJob> CreateRestoreJobAsync(AtlasCredentials credentials, AtlasApiFamily api, string groupId, string clusterName,
        AtlasRestoreRequest request, CancellationToken cancellationToken)
    {
        Enter(CreateOperation, api, groupId, clusterName);
        RequireRestoreCluster(api, groupId, clusterName);
        var job = new AtlasRestoreJob
        {
            Id = NewJobId(),
            Status = "PENDING",
            DeliveryType = "RESTORE",
            ProjectId = groupId,
            ClusterName = clusterName,
            SnapshotId = request.SnapshotId,
            TargetDeploymentItemName = request.TargetDeploymentItemName,
            TargetProjectId = request.TargetProjectId ?? groupId,
            RestoreScheduledDate = timeProvider.GetUtcNow(),
            SnapshotFinishedDate = timeProvider.GetUtcNow().AddDays(-1),
            ExpirationDate = timeProvider.GetUtcNow().AddHours(6),
        };
        JobList(groupId, clusterName).Add(job);
        jobScripts[job.Id] = new Queue<string>(NewJobScript);
        if (CreateThenLoseResponse)
        {
            CreateThenLoseResponse = false;
            throw AtlasErrors.Ambiguous();
        }

        return Task.FromResult(job);
    }

    public Task<AtlasRestoreJob> GetRestoreJobAsync(AtlasCredentials credentials, AtlasApiFamily api, string groupId, string clusterName,
        string jobId, CancellationToken cancellationToken)
    {
        Enter("GetRestoreJob", api, groupId, clusterName);
        RequireRestoreCluster(api, groupId, clusterName);
        var list = JobList(groupId, clusterName);
        var index = list.FindIndex(j => j.Id == jobId);
        if (index < 0)
        {
            throw AtlasErrors.Rejected(404, "RESTORE_JOB_NOT_FOUND", $"No restore job {jobId}.");
        }

        if (jobScripts.TryGetValue(jobId, out var script) && script.Count > 0)
        {
            var status = script.Dequeue();
            list[index] = list[index] with
            {
                Status = status,
                RestoreFinishedDate = status == "COMPLETED" ? timeProvider.GetUtcNow() : list[index].RestoreFinishedDate,
            };
        }

        return Task.FromResult(list[index]);
    }

    public Task<IReadOnlyList<AtlasRestoreJob>> ListRestoreJobsAsync(AtlasCredentials credentials, AtlasApiFamily api, string groupId,
        string clusterName, CancellationToken cancellationToken)
    {
        Enter("ListRestoreJobs", api, groupId, clusterName);
        RequireRestoreCluster(api, groupId, clusterName);
        return Task.FromResult<IReadOnlyList<AtlasRestoreJob>>(JobList(groupId, clusterName).ToList());
    }

    public Task<AtlasSnapshot> GetSnapshotAsync(AtlasCredentials credentials, AtlasApiFamily api, string groupId, string clusterName,
        string snapshotId, CancellationToken cancellationToken)
    {
        Enter("GetSnapshot", api, groupId, clusterName);
        RequireRestoreCluster(api, groupId, clusterName);
        var snapshot = snapshots.TryGetValue((groupId, clusterName), out var list) ? list.FirstOrDefault(s => s.Id == snapshotId) : null;
        return snapshot is null
            ? throw AtlasErrors.Rejected(404, "SNAPSHOT_NOT_FOUND", $"No snapshot with ID {snapshotId} exists.")
            : Task.FromResult(snapshot);
    }

    public Task<IReadOnlyList<AtlasSnapshot>> ListSnapshotsAsync(AtlasCredentials credentials, AtlasApiFamily api, string groupId,
        string clusterName, CancellationToken cancellationToken)
    {
        Enter("ListSnapshots", api, groupId, clusterName);
        RequireRestoreCluster(api, groupId, clusterName);
        return Task.FromResult<IReadOnlyList<AtlasSnapshot>>(snapshots.TryGetValue((groupId, clusterName), out var list) ? list.ToList() : []);
    }

    public Task<AtlasFlexCluster> GetFlexClusterAsync(AtlasCredentials credentials, string groupId, string name, CancellationToken cancellationToken)
    {
        Enter("GetFlexCluster", AtlasApiFamily.Flex, groupId, name);
        RequireRestoreCluster(AtlasApiFamily.Flex, groupId, name);
        return Task.FromResult(flexClusters[(groupId, name)]);
    }

    public Task<AtlasDedicatedCluster> GetClusterAsync(AtlasCredentials credentials, string groupId, string name, CancellationToken cancellationToken)
    {
        Enter("GetCluster", null, groupId, name);
        if (flexClusters.ContainsKey((groupId, name)))
        {
            throw AtlasErrors.Rejected(400, "CANNOT_USE_FLEX_CLUSTER_IN_CLUSTER_API", $"Flex cluster {name} cannot be used in the Cluster API.");
        }

        return clusterApiClusters.TryGetValue((groupId, name), out var cluster)
            ? Task.FromResult(cluster)
            : throw ClusterNotFound(groupId, name);
    }

    private void Enter(string operation, AtlasApiFamily? family, string groupId, string name)
    {
        calls.Add(new AtlasCall(operation, family, groupId, name));
        journal.Add($"atlas:{operation}");
        if (faults.TryGetValue(operation, out var queue) && queue.Count > 0)
        {
            throw queue.Dequeue();
        }

        if (family == AtlasApiFamily.Tenant && TenantMode != TenantEndpointMode.Serving)
        {
            throw TenantMode == TenantEndpointMode.Gone
                ? AtlasErrors.Rejected(410, "VERSION_GONE", "This happens when a resource is marked for sunset and the sunset date is in the past.")
                : AtlasErrors.Rejected(404, "RESOURCE_NOT_FOUND", "Cannot find resource.");
        }

        if (!projects.Contains(groupId))
        {
            throw AtlasErrors.Rejected(404, "GROUP_NOT_FOUND", $"No group with ID {groupId} exists.");
        }
    }

    private void RequireRestoreCluster(AtlasApiFamily family, string groupId, string name)
    {
        var key = (groupId, name);
        if (family == AtlasApiFamily.Flex)
        {
            if (flexClusters.ContainsKey(key))
            {
                return;
            }

            throw clusterApiClusters.ContainsKey(key)
                ? AtlasErrors.Rejected(400, "CANNOT_USE_NON_FLEX_CLUSTER_IN_FLEX_API", $"Cannot use non-flex cluster {name} in the flex API.")
                : ClusterNotFound(groupId, name);
        }

        if (!tenantClusters.Contains(key))
        {
            throw ClusterNotFound(groupId, name);
        }
    }

    private static AtlasApiException ClusterNotFound(string groupId, string name) =>
        AtlasErrors.Rejected(404, "CLUSTER_NOT_FOUND", $"No cluster named {name} exists in group {groupId}.");

    private List<AtlasRestoreJob> JobList(string group, string cluster)
    {
        if (!jobs.TryGetValue((group, cluster), out var list))
        {
            jobs[(group, cluster)] = list = [];
        }

        return list;
    }

    private string NewJobId() => $"6a793f812c88faeba59b{nextJob++:x4}";
}
