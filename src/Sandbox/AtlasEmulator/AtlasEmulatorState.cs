namespace AtlasRestoreOperator.Sandbox.AtlasEmulator;

/// <summary>
/// The emulator's data: projects, clusters, snapshots, restore jobs and credentials. Thread-safe: every member takes
/// one lock, and what it returns are immutable records or copies.
/// </summary>
public sealed class AtlasEmulatorState
{
    private readonly object gate = new();
    private readonly TimeProvider timeProvider;
    private readonly ObjectIdGenerator ids;
    private readonly Dictionary<string, EmulatedProject> projects = new(StringComparer.Ordinal);
    private readonly Dictionary<(string ProjectId, string Name), EmulatedCluster> clusters = [];
    private readonly List<EmulatedSnapshot> snapshots = [];
    private readonly List<EmulatedRestoreJob> restoreJobs = [];
    private readonly Dictionary<string, SeedApiKey> apiKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SeedServiceAccount> serviceAccounts = new(StringComparer.Ordinal);

    internal AtlasEmulatorState(TimeProvider timeProvider, RestoreJobTimings timings)
    {
        this.timeProvider = timeProvider;
        Timings = timings;
        ids = new ObjectIdGenerator(timeProvider);
    }

    /// <summary>The phase durations used to compute job statuses.</summary>
    public RestoreJobTimings Timings { get; }

    public IReadOnlyList<EmulatedProject> Projects
    {
        get
        {
            lock (gate)
            {
                return [.. projects.Values];
            }
        }
    }

    /// <summary>Every restore and download job, in creation order.</summary>
    public IReadOnlyList<EmulatedRestoreJob> RestoreJobs
    {
        get
        {
            lock (gate)
            {
                return [.. restoreJobs];
            }
        }
    }

    /// <summary>Adds every project, cluster, snapshot, job and credential of <paramref name="seed"/>.</summary>
    public void Apply(AtlasSeed seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        foreach (SeedProject project in seed.Projects)
        {
            AddProject(project.Id, project.Name);
            foreach (SeedCluster cluster in project.Clusters)
            {
                AddCluster(project.Id, cluster);
            }

            foreach (SeedRestoreJob job in project.RestoreJobs)
            {
                AddRestoreJob(project.Id, job);
            }
        }

        foreach (SeedApiKey key in seed.ApiKeys)
        {
            AddApiKey(key);
        }

        foreach (SeedServiceAccount account in seed.ServiceAccounts)
        {
            AddServiceAccount(account);
        }
    }

    public EmulatedProject AddProject(string id, string name = "project")
    {
        RequireHexId(id, nameof(id));
        var project = new EmulatedProject(id, name);
        lock (gate)
        {
            projects[id] = project;
        }

        return project;
    }

    public EmulatedProject? FindProject(string id)
    {
        lock (gate)
        {
            return projects.GetValueOrDefault(id);
        }
    }

    /// <summary>Adds a cluster (and its snapshots) to an existing project.</summary>
    public EmulatedCluster AddCluster(string projectId, SeedCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (!PathPatterns.IsClusterName(cluster.Name))
        {
            throw new ArgumentException($"Cluster name '{cluster.Name}' must match {PathPatterns.ClusterNamePattern}.", nameof(cluster));
        }

        var emulated = new EmulatedCluster
        {
            ProjectId = projectId,
            Name = cluster.Name,
            Id = cluster.Id ?? ids.Next(),
            Kind = cluster.Kind,
            MongoDBVersion = cluster.MongoDBVersion,
            MongoDBMajorVersion = cluster.MongoDBMajorVersion ?? MajorMinor(cluster.MongoDBVersion),
            EncryptionAtRestProvider = cluster.EncryptionAtRestProvider,
            StateName = cluster.StateName,
            Paused = cluster.Paused,
            InstanceSizeName = cluster.InstanceSizeName ?? cluster.Kind switch
            {
                ClusterKind.Tenant => "M2",
                ClusterKind.Flex => "FLEX",
                _ => "M10",
            },
            CreateDate = timeProvider.GetUtcNow(),
        };
        lock (gate)
        {
            RequireProject(projectId);
            clusters[(projectId, cluster.Name)] = emulated;
        }

        foreach (SeedSnapshot snapshot in cluster.Snapshots)
        {
            AddSnapshot(projectId, cluster.Name, snapshot);
        }

        return emulated;
    }

    public EmulatedCluster? FindCluster(string projectId, string name)
    {
        lock (gate)
        {
            return clusters.GetValueOrDefault((projectId, name));
        }
    }

    /// <summary>Replaces a cluster, e.g. to turn on encryption at rest in a test; the name and project stay.</summary>
    public EmulatedCluster UpdateCluster(string projectId, string name, Func<EmulatedCluster, EmulatedCluster> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (gate)
        {
            EmulatedCluster current = clusters.GetValueOrDefault((projectId, name))
                ?? throw new KeyNotFoundException($"No cluster '{name}' in project {projectId}.");
            EmulatedCluster updated = update(current) with { ProjectId = projectId, Name = name };
            clusters[(projectId, name)] = updated;
            return updated;
        }
    }

    public EmulatedSnapshot AddSnapshot(string projectId, string clusterName, SeedSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        RequireHexId(snapshot.Id, nameof(snapshot));
        var emulated = new EmulatedSnapshot
        {
            ProjectId = projectId,
            ClusterName = clusterName,
            Id = snapshot.Id,
            Status = snapshot.Status,
            MongoDBVersion = snapshot.MongoDBVersion,
            ScheduledTime = snapshot.ScheduledTime,
            StartTime = snapshot.StartTime,
            FinishTime = snapshot.FinishTime,
            Expiration = snapshot.Expiration,
        };
        lock (gate)
        {
            if (!clusters.ContainsKey((projectId, clusterName)))
            {
                throw new KeyNotFoundException($"No cluster '{clusterName}' in project {projectId}.");
            }

            snapshots.RemoveAll(existing => existing.ProjectId == projectId && existing.ClusterName == clusterName && existing.Id == snapshot.Id);
            snapshots.Add(emulated);
        }

        return emulated;
    }

    public EmulatedSnapshot? FindSnapshot(string projectId, string clusterName, string snapshotId)
    {
        lock (gate)
        {
            return snapshots.Find(s => s.ProjectId == projectId && s.ClusterName == clusterName && s.Id == snapshotId);
        }
    }

    /// <summary>The snapshots of one cluster, oldest first.</summary>
    public IReadOnlyList<EmulatedSnapshot> SnapshotsOf(string projectId, string clusterName)
    {
        lock (gate)
        {
            return [.. snapshots.Where(s => s.ProjectId == projectId && s.ClusterName == clusterName).OrderBy(s => s.ScheduledTime)];
        }
    }

    /// <summary>Adds an existing job (for example one a test wants the operator to adopt).</summary>
    public EmulatedRestoreJob AddRestoreJob(string projectId, SeedRestoreJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        RequireHexId(job.Id, nameof(job));
        EmulatedCluster source = FindCluster(projectId, job.ClusterName)
            ?? throw new KeyNotFoundException($"Restore job {job.Id}: no source cluster '{job.ClusterName}' in project {projectId}.");
        EmulatedSnapshot? snapshot = FindSnapshot(projectId, job.ClusterName, job.SnapshotId);
        bool restore = job.DeliveryType == "RESTORE";
        var emulated = new EmulatedRestoreJob
        {
            Id = job.Id,
            ProjectId = projectId,
            ClusterName = job.ClusterName,
            Api = job.Api ?? (source.Kind == ClusterKind.Tenant ? RestoreApiFamily.Tenant : RestoreApiFamily.Flex),
            DeliveryType = job.DeliveryType,
            SnapshotId = job.SnapshotId,
            SnapshotFinishedDate = snapshot?.FinishTime,
            TargetDeploymentItemName = job.TargetDeploymentItemName,
            TargetProjectId = job.TargetProjectId ?? (restore ? projectId : null),
            CreatedAt = job.RestoreScheduledDate,
            ExpirationDate = job.RestoreScheduledDate + (restore ? RestoreExpiry : DownloadExpiry),
            SnapshotUrl = restore ? null : $"https://emulator.invalid/backup/{job.Id}.tar.gz",
            FixedStatus = job.Status,
        };
        AddJob(emulated);
        return emulated;
    }

    public EmulatedRestoreJob? FindRestoreJob(string id)
    {
        lock (gate)
        {
            return restoreJobs.Find(job => job.Id == id);
        }
    }

    /// <summary>The jobs whose source is the given cluster, oldest first.</summary>
    public IReadOnlyList<EmulatedRestoreJob> RestoreJobsOf(string projectId, string clusterName)
    {
        lock (gate)
        {
            return [.. restoreJobs.Where(job => job.ProjectId == projectId && job.ClusterName == clusterName)];
        }
    }

    /// <summary>How many RESTORE jobs overwrite the given target: the number exactly-once tests assert is 1.</summary>
    public int CountRestoreJobsFor(string targetProjectId, string targetName)
    {
        lock (gate)
        {
            return restoreJobs.Count(job => job.DeliveryType == "RESTORE"
                && job.TargetProjectId == targetProjectId
                && job.TargetDeploymentItemName == targetName);
        }
    }

    /// <summary>The job's status now, on the emulator's clock.</summary>
    public string StatusOf(EmulatedRestoreJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.StatusAt(timeProvider.GetUtcNow(), Timings);
    }

    public void AddApiKey(SeedApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (gate)
        {
            apiKeys[key.PublicKey] = key;
        }
    }

    public void AddServiceAccount(SeedServiceAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        lock (gate)
        {
            serviceAccounts[account.ClientId] = account;
        }
    }

    /// <summary>Restore jobs expire six hours after they are scheduled (as recorded).</summary>
    internal static TimeSpan RestoreExpiry { get; } = TimeSpan.FromHours(6);

    /// <summary>Download URLs stay valid four hours (spec text).</summary>
    internal static TimeSpan DownloadExpiry { get; } = TimeSpan.FromHours(4);

    internal string NewId() => ids.Next();

    internal void AddJob(EmulatedRestoreJob job)
    {
        lock (gate)
        {
            restoreJobs.RemoveAll(existing => existing.Id == job.Id);
            restoreJobs.Add(job);
        }
    }

    internal SeedApiKey? FindApiKey(string publicKey)
    {
        lock (gate)
        {
            return apiKeys.GetValueOrDefault(publicKey);
        }
    }

    internal SeedServiceAccount? FindServiceAccount(string clientId)
    {
        lock (gate)
        {
            return serviceAccounts.GetValueOrDefault(clientId);
        }
    }

    private void RequireProject(string projectId)
    {
        if (!projects.ContainsKey(projectId))
        {
            throw new KeyNotFoundException($"No project {projectId}; add it first.");
        }
    }

    private static void RequireHexId(string id, string parameter)
    {
        if (!PathPatterns.IsHexId(id))
        {
            throw new ArgumentException($"Id '{id}' must match {PathPatterns.HexIdPattern}.", parameter);
        }
    }

    private static string MajorMinor(string version)
    {
        string[] parts = version.Split('.');
        return parts.Length >= 2 ? $"{parts[0]}.{parts[1]}" : version;
    }
}
