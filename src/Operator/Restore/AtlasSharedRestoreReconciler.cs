using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Operator.Atlas;
using AtlasRestoreOperator.Operator.Runtime;
using Microsoft.Extensions.Logging;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>
/// Reconciles an AtlasSharedRestore with the exactly-once protocol of DESIGN §4: finalizer first; validation,
/// credentials, API selection and preflight before anything is posted; dedupe against the jobs already in Atlas;
/// a submission intent written with a resourceVersion precondition before the POST; and after an ambiguous POST, no
/// second POST until two job listings a grace period apart show no match.
/// </summary>
public sealed class AtlasSharedRestoreReconciler : IReconciler
{
    private readonly IResourceClient<AtlasSharedRestore> resources;
    private readonly IAtlasClient atlas;
    private readonly IEventRecorder events;
    private readonly RestoreOperatorOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly CredentialResolver credentialResolver;
    private readonly AtlasApiResolver apiResolver;
    private readonly RestorePreflight preflight;
    private readonly RestoreStatusBuilder statuses;
    private readonly StatusWriter<AtlasSharedRestore, AtlasSharedRestoreStatus> statusWriter;
    private readonly SubmissionOutcomeTracker outcomes = new();
    private readonly PollDueTracker polls = new();
    private readonly LeaseWaitAnnouncements leaseWaits = new();

    // The most Atlas calls each kind of pass makes: API choice, snapshot, target cluster, job list and POST; one GET;
    // a job list and a POST again.
    private const int SubmitCalls = 5;
    private const int PollCalls = 1;
    private const int ProbeCalls = 2;

    public AtlasSharedRestoreReconciler(
        IResourceClient<AtlasSharedRestore> resources,
        IAtlasClient atlas,
        ISecretReader secrets,
        IEventRecorder events,
        RestoreOperatorOptions options,
        TimeProvider timeProvider,
        ILogger<AtlasSharedRestoreReconciler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.resources = resources ?? throw new ArgumentNullException(nameof(resources));
        this.atlas = atlas ?? throw new ArgumentNullException(nameof(atlas));
        this.events = events ?? throw new ArgumentNullException(nameof(events));
        this.options = options;
        this.timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        credentialResolver = new CredentialResolver(secrets ?? throw new ArgumentNullException(nameof(secrets)), options);
        apiResolver = new AtlasApiResolver(atlas);
        preflight = new RestorePreflight(atlas, timeProvider);
        statuses = new RestoreStatusBuilder(timeProvider);
        statusWriter = new StatusWriter<AtlasSharedRestore, AtlasSharedRestoreStatus>(
            resources, EntitiesJsonContext.Default.AtlasSharedRestoreStatus, r => r.Status, (r, status) => r with { Status = status });
    }

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var restore = await resources.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (restore is null)
        {
            RestoreLog.Gone(logger, key.ToString());
            return ReconcileResult.Done;
        }

        try
        {
            if (restore.Metadata.DeletionTimestamp is not null)
            {
                return await FinalizeAsync(restore, cancellationToken).ConfigureAwait(false);
            }

            if (IsTerminal(restore))
            {
                return ReconcileResult.Done;
            }

            if (LeaseHeldByAnother(restore) is { } wait)
            {
                return ReconcileResult.After(wait);
            }

            restore = await EnsureFinalizerAsync(restore, cancellationToken).ConfigureAwait(false);
            var status = restore.Status;
            if (!string.IsNullOrEmpty(status?.Job?.Id))
            {
                return await PollAsync(restore, cancellationToken).ConfigureAwait(false);
            }

            if (status?.Submission is not null)
            {
                return await ResolveUnconfirmedSubmissionAsync(restore, cancellationToken).ConfigureAwait(false);
            }

            return await PrepareAndSubmitAsync(restore, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceConflictException)
        {
            // Another writer acted since our read: start over from a fresh read, never act on the stale view.
            RestoreLog.Conflict(logger, key.ToString());
            return ReconcileResult.After(TimeSpan.Zero);
        }
        catch (AtlasRequestDeferredException e)
        {
            // A read found its project's limiter busy and was not sent. Nothing is half done (every write here follows
            // the reads it depends on, and the POST never defers), so look again once a permit is free.
            RestoreLog.ReadDeferred(logger, key.ToString(), e.Operation, e.RetryAfter.TotalSeconds);
            return ReconcileResult.After(e.RetryAfter);
        }
    }

    private static bool IsTerminal(AtlasSharedRestore restore)
    {
        var status = restore.Status;
        return status?.Phase is RestorePhase.Completed or RestorePhase.Failed
            && (restore.Metadata.Generation is null || status.ObservedGeneration == restore.Metadata.Generation);
    }

    private static bool HasFinalizer(AtlasSharedRestore restore) =>
        restore.Metadata.Finalizers?.Contains(AtlasSharedRestore.Finalizer) == true;

    private static ObjectKey KeyOf(AtlasSharedRestore restore) =>
        new(restore.Metadata.NamespaceProperty ?? "", restore.Metadata.Name ?? "");

    /// <summary>
    /// Time left on an unresolved intent held by another live operator instance, or null. The first pass that defers
    /// to a given intent says so in an event (DESIGN §4 step 7); the status is not written, since the intent is not ours.
    /// </summary>
    private TimeSpan? LeaseHeldByAnother(AtlasSharedRestore restore)
    {
        var status = restore.Status;
        if (status?.Submission is not { } intent
            || intent.Holder is null || intent.Holder == options.OperatorIdentity || intent.StartedAt is not { } startedAt)
        {
            return null;
        }

        var uid = restore.Metadata.Uid ?? "";
        var expiry = startedAt + options.SubmissionLeaseDuration;
        var left = expiry - timeProvider.GetUtcNow();
        if (!string.IsNullOrEmpty(status.Job?.Id) || left <= TimeSpan.Zero)
        {
            leaseWaits.Forget(uid);
            return null;
        }

        RestoreLog.LeaseHeld(logger, KeyOf(restore).ToString(), intent.AttemptId, intent.Holder, expiry);
        if (leaseWaits.FirstTime(uid, intent.AttemptId ?? ""))
        {
            Record(restore, EventType.Normal, RestoreReasons.WaitingForLease, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Submission {intent.AttemptId} is held by operator instance {intent.Holder} until {expiry.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}; this instance leaves it alone until then, so the restore is never submitted twice."));
        }

        return left;
    }

    private async Task<AtlasSharedRestore> EnsureFinalizerAsync(AtlasSharedRestore restore, CancellationToken cancellationToken)
    {
        if (HasFinalizer(restore))
        {
            return restore;
        }

        var finalizers = (restore.Metadata.Finalizers ?? []).Append(AtlasSharedRestore.Finalizer).ToList();
        var updated = await resources.PatchFinalizersAsync(restore, finalizers, cancellationToken).ConfigureAwait(false);
        RestoreLog.FinalizerAdded(logger, KeyOf(restore).ToString());
        return updated;
    }

    private async Task<ReconcileResult> PrepareAndSubmitAsync(AtlasSharedRestore restore, CancellationToken cancellationToken)
    {
        var spec = restore.Spec;
        if (RestoreSpecValidator.Validate(spec) is { } invalid)
        {
            return await ApplyFailureAsync(restore, invalid, null, cancellationToken).ConfigureAwait(false);
        }

        var (credentials, api, stop) = await ResolveAccessAsync(restore, SubmitCalls, cancellationToken).ConfigureAwait(false);
        if (stop is not null)
        {
            return stop;
        }

        if (await preflight.CheckAsync(spec, credentials!, api, cancellationToken).ConfigureAwait(false) is { } failed)
        {
            return await ApplyFailureAsync(restore, failed, api, cancellationToken).ConfigureAwait(false);
        }

        if (spec.ExistingJobPolicy == ExistingJobPolicy.Adopt)
        {
            IReadOnlyList<AtlasRestoreJob> jobs;
            try
            {
                jobs = await atlas.ListRestoreJobsAsync(credentials!.Credentials, api.ToFamily(), spec.ProjectId, spec.ClusterName, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (AtlasApiException e) when (e.Kind == AtlasFailureKind.Rejected)
            {
                return await ApplyFailureAsync(restore, ListFailure(e, restore, credentials!, api), api, cancellationToken).ConfigureAwait(false);
            }

            if (RestoreJobMatcher.FindLatest(jobs, spec) is { } existing)
            {
                return await AdoptAsync(restore, existing, api, cancellationToken).ConfigureAwait(false);
            }
        }

        return await SubmitAsync(restore, credentials!, api, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ReconcileResult> AdoptAsync(AtlasSharedRestore restore, AtlasRestoreJob existing, ResolvedApi api, CancellationToken cancellationToken)
    {
        var previousPhase = restore.Status?.Phase;
        var next = statuses.WithJob(restore, existing, adopted: true, api);
        var stored = (await statusWriter.WriteAsync(restore, next, cancellationToken).ConfigureAwait(false)).Resource;
        Record(stored, EventType.Normal, RestoreReasons.Adopted,
            $"Adopted Atlas restore job {existing.Id} ({existing.Status ?? "unknown status"}) of snapshot {restore.Spec.SnapshotId} onto {restore.Spec.TargetDeploymentItemName} instead of submitting another.");
        RestoreLog.JobRecorded(logger, KeyOf(restore).ToString(), existing.Id, existing.Status, true);
        AnnounceTransition(stored, previousPhase);
        return NextLook(stored);
    }

    private async Task<ReconcileResult> SubmitAsync(AtlasSharedRestore restore, ResolvedCredentials credentials, ResolvedApi api, CancellationToken cancellationToken)
    {
        var spec = restore.Spec;
        var key = KeyOf(restore).ToString();
        var intent = new SubmissionIntent
        {
            AttemptId = Guid.NewGuid().ToString(),
            StartedAt = timeProvider.GetUtcNow(),
            Holder = options.OperatorIdentity,
        };

        // The precondition on this write is what makes a stale view harmless: a conflict throws before the POST. So it is
        // always sent, never skipped as unchanged.
        restore = await statusWriter.ClaimAsync(restore, statuses.WithIntent(restore, intent, api), cancellationToken).ConfigureAwait(false);
        Record(restore, EventType.Normal, RestoreReasons.Submitting,
            $"Submitting the restore of snapshot {spec.SnapshotId} onto cluster {spec.TargetDeploymentItemName} through the Atlas {api} API.");
        RestoreLog.Posting(logger, key, intent.AttemptId, spec.SnapshotId, spec.TargetDeploymentItemName, api.ToString());

        AtlasRestoreJob job;
        try
        {
            var request = new AtlasRestoreRequest(spec.SnapshotId, spec.TargetDeploymentItemName,
                string.IsNullOrEmpty(spec.TargetProjectId) ? null : spec.TargetProjectId);
            job = await atlas.CreateRestoreJobAsync(credentials.Credentials, api.ToFamily(), spec.ProjectId, spec.ClusterName, request, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (AtlasApiException e) when (e.Kind == AtlasFailureKind.Ambiguous)
        {
            // The job may exist. The intent stays, so every later pass (here or after a restart) lists before posting.
            RestoreLog.AmbiguousSubmission(logger, e, key, intent.AttemptId);
            Record(restore, EventType.Warning, RestoreReasons.SubmissionOutcomeUnknown,
                "Atlas gave no definite answer to the restore submission; the operator looks for the job before it submits again.");
            return ReconcileResult.After(options.AmbiguousOutcomeGracePeriod);
        }
        catch (AtlasApiException e)
        {
            return await RejectSubmissionAsync(restore, e, credentials, api, cancellationToken).ConfigureAwait(false);
        }

        Record(restore, EventType.Normal, RestoreReasons.Submitted, $"Atlas accepted restore job {job.Id}.");
        var previousPhase = restore.Status?.Phase;
        var stored = await RecordJobAsync(restore, job, adopted: false, api, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return ReconcileResult.Done;
        }

        AnnounceTransition(stored, previousPhase);
        return NextLook(stored);
    }

    /// <summary>A definite rejection of the POST: nothing was created, so the intent is cleared.</summary>
    private async Task<ReconcileResult> RejectSubmissionAsync(
        AtlasSharedRestore restore, AtlasApiException e, ResolvedCredentials credentials, ResolvedApi api, CancellationToken cancellationToken)
    {
        var spec = restore.Spec;
        var failure = AtlasFailureTranslator.Common(e, api.ToFamily(), credentials.Secret, spec.ProjectId);
        if (failure is null)
        {
            var code = string.IsNullOrEmpty(e.ErrorCode) ? "" : $" {e.ErrorCode}";
            var detail = string.IsNullOrEmpty(e.Detail) ? "" : $": {e.Detail.TrimEnd('.')}";
            var status = e.HttpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";
            failure = e.HttpStatus == 409
                ? RestoreFailure.NeedsAttention(RestoreReasons.SubmissionRejected,
                    $"Atlas refused the restore for now (HTTP 409{code}){detail}; the operator tries again later.")
                : RestoreFailure.Terminal(RestoreReasons.SubmissionRejected,
                    $"Atlas rejected the restore (HTTP {status}{code}){detail}.");
        }

        var cleared = restore with { Status = (restore.Status ?? new()) with { Submission = null, Phase = RestorePhase.Pending } };
        if (failure.Disposition == FailureDisposition.RetryLater)
        {
            var waiting = statuses.Waiting(cleared, failure.ConditionReason, failure.Message, api);
            await statusWriter.WriteAsync(restore, waiting, cancellationToken).ConfigureAwait(false);
            Record(restore, EventType.Warning, failure.EventReason, failure.Message);
            return ReconcileResult.After(failure.RetryAfter ?? options.RateLimitedRetryInterval);
        }

        return await ApplyFailureAsync(cleared, failure, api, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a posted or found job, re-applying it onto a fresh read on conflict until the write lands.</summary>
    private async Task<AtlasSharedRestore?> RecordJobAsync(
        AtlasSharedRestore restore, AtlasRestoreJob job, bool adopted, ResolvedApi api, CancellationToken cancellationToken)
    {
        var key = KeyOf(restore);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var stored = (await statusWriter.WriteAsync(restore, statuses.WithJob(restore, job, adopted, api), cancellationToken)
                    .ConfigureAwait(false)).Resource;
                RestoreLog.JobRecorded(logger, key.ToString(), job.Id, job.Status, adopted);
                return stored;
            }
            catch (ResourceConflictException) when (attempt < options.StatusWriteAttempts)
            {
                var fresh = await resources.GetAsync(key, cancellationToken).ConfigureAwait(false);
                if (fresh is null)
                {
                    return null;
                }

                restore = fresh;
            }
            catch (ResourceConflictException)
            {
                // The intent is still in the status, so the next pass lists the jobs and adopts this one.
                RestoreLog.RecordGaveUp(logger, key.ToString(), job.Id, attempt);
                throw;
            }
        }
    }

    /// <summary>An intent without a job id (ambiguous POST, or a crash after the intent): find the job or prove it absent.</summary>
    private async Task<ReconcileResult> ResolveUnconfirmedSubmissionAsync(AtlasSharedRestore restore, CancellationToken cancellationToken)
    {
        var (stop, outcome, api) = await ProbeSubmissionAsync(restore, cancellationToken).ConfigureAwait(false);
        if (stop is not null)
        {
            return stop;
        }

        if (outcome!.Job is { } job)
        {
            // The id was found in Atlas, not read from a POST answer: adopted (DESIGN §3, §4 step 5).
            var previousPhase = restore.Status?.Phase;
            var stored = await RecordJobAsync(restore, job, adopted: true, api, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                return ReconcileResult.Done;
            }

            Record(stored, EventType.Normal, RestoreReasons.Adopted, LostAnswerAdoptedMessage(restore, job));
            AnnounceTransition(stored, previousPhase);
            return NextLook(stored);
        }

        // Settled: nothing was created. The intent is cleared in the status before anything else, so a pass that stops
        // short of the new POST (a busy limiter, a crash) starts a fresh submission instead of proving this again.
        var message = $"The earlier submission attempt never reached Atlas (no matching job in two listings {options.AmbiguousOutcomeGracePeriod.TotalSeconds:0.#} s apart); submitting again.";
        var resolved = (await statusWriter.WriteAsync(restore, statuses.Waiting(restore, RestoreReasons.SubmissionNotFound, message, api), cancellationToken)
            .ConfigureAwait(false)).Resource;
        Record(resolved, EventType.Normal, RestoreReasons.SubmissionNotFound, message);
        return await PrepareAndSubmitAsync(resolved, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Looks for the job of an unresolved intent. Either a result to return now (a failure written to the status, or a
    /// wait for the grace period), or the outcome: the job found, or proof that the POST never landed.
    /// </summary>
    private async Task<(ReconcileResult? Stop, SubmissionOutcome? Outcome, ResolvedApi Api)> ProbeSubmissionAsync(
        AtlasSharedRestore restore, CancellationToken cancellationToken)
    {
        var (credentials, api, stop) = await ResolveAccessAsync(restore, ProbeCalls, cancellationToken).ConfigureAwait(false);
        if (stop is not null)
        {
            return (stop, null, api);
        }

        var outcome = await CheckSubmissionOutcomeAsync(restore, credentials!, api, cancellationToken).ConfigureAwait(false);
        if (outcome.Failure is not null)
        {
            return (await ApplyFailureAsync(restore, outcome.Failure, api, cancellationToken).ConfigureAwait(false), null, api);
        }

        return outcome.LookAgainAfter is { } delay ? (ReconcileResult.After(delay), null, api) : (null, outcome, api);
    }

    private async Task<SubmissionOutcome> CheckSubmissionOutcomeAsync(
        AtlasSharedRestore restore, ResolvedCredentials credentials, ResolvedApi api, CancellationToken cancellationToken)
    {
        var spec = restore.Spec;
        var intent = restore.Status!.Submission!;
        var attemptKey = $"{restore.Metadata.Uid}/{intent.AttemptId}";
        IReadOnlyList<AtlasRestoreJob> jobs;
        try
        {
            jobs = await atlas.ListRestoreJobsAsync(credentials.Credentials, api.ToFamily(), spec.ProjectId, spec.ClusterName, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (AtlasApiException e) when (e.Kind == AtlasFailureKind.Rejected)
        {
            return SubmissionOutcome.Fail(ListFailure(e, restore, credentials, api));
        }

        // With Resubmit an older identical job is expected in Atlas and is not ours; only one from this attempt counts.
        var notBefore = spec.ExistingJobPolicy == ExistingJobPolicy.Resubmit && intent.StartedAt is { } started
            ? started - options.ResubmitMatchClockSkew
            : (DateTimeOffset?)null;
        if (RestoreJobMatcher.FindLatest(jobs, spec, notBefore) is { } match)
        {
            outcomes.Forget(attemptKey);
            return SubmissionOutcome.Found(match);
        }

        var now = timeProvider.GetUtcNow();
        var grace = options.AmbiguousOutcomeGracePeriod;
        if (outcomes.FirstEmptyListing(attemptKey) is not { } first)
        {
            outcomes.RecordEmptyListing(attemptKey, now);
            RestoreLog.NoMatchYet(logger, KeyOf(restore).ToString(), intent.AttemptId, grace);
            return SubmissionOutcome.Wait(grace);
        }

        if (now - first >= grace)
        {
            outcomes.Forget(attemptKey);
            return SubmissionOutcome.NotLanded;
        }

        var left = first + grace - now;
        RestoreLog.NoMatchYet(logger, KeyOf(restore).ToString(), intent.AttemptId, left);
        return SubmissionOutcome.Wait(left);
    }

    private async Task<ReconcileResult> PollAsync(AtlasSharedRestore restore, CancellationToken cancellationToken)
    {
        // The watch echoing our own last write is no reason to ask Atlas before the poll is due.
        if (polls.WaitLeft(restore, timeProvider.GetUtcNow()) is { } notYet)
        {
            return ReconcileResult.After(notYet);
        }

        var (credentials, api, stop) = await ResolveAccessAsync(restore, PollCalls, cancellationToken).ConfigureAwait(false);
        if (stop is not null)
        {
            return stop;
        }

        var spec = restore.Spec;
        var status = restore.Status!;
        var jobId = status.Job!.Id!;
        AtlasRestoreJob job;
        try
        {
            job = await atlas.GetRestoreJobAsync(credentials!.Credentials, api.ToFamily(), spec.ProjectId, spec.ClusterName, jobId, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (AtlasApiException e) when (e.Kind == AtlasFailureKind.Ambiguous)
        {
            RestoreLog.PollAmbiguous(logger, e, KeyOf(restore).ToString(), jobId);
            return NextLook(restore);
        }
        catch (AtlasApiException e)
        {
            var failure = AtlasFailureTranslator.Common(e, api.ToFamily(), credentials!.Secret, spec.ProjectId)
                ?? (e.HttpStatus == 404
                    ? RestoreFailure.NeedsAttention(RestoreReasons.JobNotFound,
                        $"Atlas restore job {jobId} is no longer found on cluster {spec.ClusterName}; check the Atlas activity feed.")
                    : AtlasFailureTranslator.Unexpected(e, $"the read of restore job {jobId}"));
            return await ApplyFailureAsync(restore, failure, api, cancellationToken).ConfigureAwait(false);
        }

        var write = await statusWriter.WriteAsync(restore, statuses.WithJob(restore, job, status.Adopted == true, api), cancellationToken)
            .ConfigureAwait(false);
        if (!write.Written)
        {
            return NextLook(restore);
        }

        var stored = write.Resource;
        RestoreLog.JobRecorded(logger, KeyOf(restore).ToString(), job.Id, job.Status, status.Adopted == true);
        AnnounceTransition(stored, status.Phase);
        return NextLook(stored);
    }

    /// <summary>Deletion: hold the finalizer while a submission is unresolved; say that a running restore goes on.</summary>
    private async Task<ReconcileResult> FinalizeAsync(AtlasSharedRestore restore, CancellationToken cancellationToken)
    {
        if (!HasFinalizer(restore))
        {
            return ReconcileResult.Done;
        }

        var status = restore.Status;
        if (string.IsNullOrEmpty(status?.Job?.Id) && status?.Submission is not null)
        {
            if (LeaseHeldByAnother(restore) is { } wait)
            {
                return ReconcileResult.After(wait);
            }

            var (stop, outcome, api) = await ProbeSubmissionAsync(restore, cancellationToken).ConfigureAwait(false);
            if (stop is not null)
            {
                return stop;
            }

            if (outcome!.Job is { } job)
            {
                var stored = await RecordJobAsync(restore, job, adopted: true, api, cancellationToken).ConfigureAwait(false);
                if (stored is null)
                {
                    return ReconcileResult.Done;
                }

                restore = stored;
                Record(restore, EventType.Normal, RestoreReasons.Adopted, LostAnswerAdoptedMessage(restore, job));
            }
            else
            {
                Record(restore, EventType.Normal, RestoreReasons.SubmissionNotFound,
                    "The submission attempt never reached Atlas, so no restore is running for this object.");
            }
        }

        var recordedJob = restore.Status?.Job;
        if (!string.IsNullOrEmpty(recordedJob?.Id) && !RestoreJobMirror.IsTerminal(recordedJob.Status))
        {
            Record(restore, EventType.Warning, RestoreReasons.RestoreNotCancellable,
                $"Atlas restore job {recordedJob.Id} keeps running after this object is deleted: Atlas cannot cancel a restore.");
        }

        var finalizers = (restore.Metadata.Finalizers ?? []).Where(f => f != AtlasSharedRestore.Finalizer).ToList();
        await resources.PatchFinalizersAsync(restore, finalizers, cancellationToken).ConfigureAwait(false);
        RestoreLog.FinalizerRemoved(logger, KeyOf(restore).ToString());
        return ReconcileResult.Done;
    }

    /// <summary>
    /// Credentials and the API to use for a pass that makes up to <paramref name="atlasCalls"/> Atlas calls; on failure,
    /// the status is written and the result to return is given. The pass starts only when the project's limiter has
    /// that many permits free: a pass stopped halfway would waste the calls it made, and one that waits for permits
    /// holds a worker that other projects' objects need.
    /// </summary>
    private async Task<(ResolvedCredentials? Credentials, ResolvedApi Api, ReconcileResult? Stop)> ResolveAccessAsync(
        AtlasSharedRestore restore, int atlasCalls, CancellationToken cancellationToken)
    {
        var busy = atlas.PermitsFreeIn(restore.Spec.ProjectId, atlasCalls);
        if (busy > TimeSpan.Zero)
        {
            RestoreLog.Deferred(logger, KeyOf(restore).ToString(), atlasCalls, busy.TotalSeconds);
            return (null, default, ReconcileResult.After(busy));
        }

        var resolution = await credentialResolver.ResolveAsync(restore, cancellationToken).ConfigureAwait(false);
        if (resolution.Failure is not null)
        {
            return (null, default, await ApplyFailureAsync(restore, resolution.Failure, null, cancellationToken).ConfigureAwait(false));
        }

        var api = await apiResolver.ResolveAsync(restore, resolution.Credentials!, cancellationToken).ConfigureAwait(false);
        if (api.Failure is not null)
        {
            return (null, default, await ApplyFailureAsync(restore, api.Failure, null, cancellationToken).ConfigureAwait(false));
        }

        return (resolution.Credentials, api.Api!.Value, null);
    }

    private static RestoreFailure ListFailure(AtlasApiException e, AtlasSharedRestore restore, ResolvedCredentials credentials, ResolvedApi api)
    {
        var spec = restore.Spec;
        return AtlasFailureTranslator.Common(e, api.ToFamily(), credentials.Secret, spec.ProjectId)
            ?? (e.ErrorCode == AtlasErrorCodes.ClusterNotFound
                ? RestoreFailure.Preflight(RestoreReasons.ClusterNotFound, $"Source cluster {spec.ClusterName} does not exist in project {spec.ProjectId}.")
                : AtlasFailureTranslator.Unexpected(e, $"the listing of restore jobs of cluster {spec.ClusterName}"));
    }

    /// <summary>Writes a failure into the status (only when it changes anything) and says when to look again.</summary>
    private async Task<ReconcileResult> ApplyFailureAsync(
        AtlasSharedRestore restore, RestoreFailure failure, ResolvedApi? api, CancellationToken cancellationToken)
    {
        RestoreLog.Failure(logger, KeyOf(restore).ToString(), failure.EventReason, failure.Message);
        if (failure.Disposition == FailureDisposition.RetryLater)
        {
            return ReconcileResult.After(failure.RetryAfter ?? options.RateLimitedRetryInterval);
        }

        var next = statuses.WithFailure(restore, failure, api);
        var write = await statusWriter.WriteAsync(restore, next, cancellationToken).ConfigureAwait(false);
        if (write.Written)
        {
            restore = write.Resource;
            Record(restore, EventType.Warning, failure.EventReason, failure.Message);
        }

        // Failed for good before any submission: terminal, never requeued. Otherwise a person can fix it: look again slowly.
        return next.Phase == RestorePhase.Failed && restore.Metadata.DeletionTimestamp is null
            ? ReconcileResult.Done
            : ReconcileResult.After(options.NeedsAttentionRetryInterval);
    }

    private static string LostAnswerAdoptedMessage(AtlasSharedRestore restore, AtlasRestoreJob job) =>
        $"Found Atlas restore job {job.Id} ({job.Status ?? "unknown status"}) of snapshot {restore.Spec.SnapshotId} onto {restore.Spec.TargetDeploymentItemName} after the answer to this object's submission was lost; adopted it instead of submitting again.";

    private void AnnounceTransition(AtlasSharedRestore restore, RestorePhase? previousPhase)
    {
        var status = restore.Status;
        if (status?.Phase == previousPhase)
        {
            return;
        }

        if (status?.Phase == RestorePhase.Completed)
        {
            Record(restore, EventType.Normal, RestoreReasons.Completed,
                $"Atlas restore job {status.Job?.Id} completed: cluster {restore.Spec.TargetDeploymentItemName} holds snapshot {restore.Spec.SnapshotId}.");
        }
        else if (status?.Phase == RestorePhase.Failed)
        {
            Record(restore, EventType.Warning, RestoreReasons.Failed,
                $"Atlas restore job {status.Job?.Id} failed; create a new AtlasSharedRestore to try again.");
        }
    }

    /// <summary>Terminal objects are never requeued; a running job is polled with the doubling, capped delay.</summary>
    private ReconcileResult NextLook(AtlasSharedRestore restore)
    {
        var status = restore.Status;
        if (status?.Phase is RestorePhase.Completed or RestorePhase.Failed)
        {
            polls.Forget(restore);
            return ReconcileResult.Done;
        }

        var now = timeProvider.GetUtcNow();
        var delay = PollSchedule.NextDelay(now - (status?.StartTime ?? now), options.PollInitialInterval, options.PollMaxInterval);
        polls.Record(restore, now + delay);
        return ReconcileResult.After(delay);
    }

    private void Record(AtlasSharedRestore restore, EventType type, string reason, string message) =>
        events.Record(
            new EventTarget(restore.ApiVersion, restore.Kind, restore.Metadata.NamespaceProperty ?? "", restore.Metadata.Name ?? "", restore.Metadata.Uid),
            type, reason, message);
}
