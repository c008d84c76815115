using System.Collections.Concurrent;

namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>
/// Remembers, per submission attempt, when a job listing first showed no match, so a second empty listing a grace
/// period later can prove an ambiguous POST never landed. Lost on restart, which is safe: the two listings start over.
/// </summary>
public sealed class SubmissionOutcomeTracker
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> firstEmptyListing = new(StringComparer.Ordinal);

    public DateTimeOffset? FirstEmptyListing(string attemptKey) =>
        firstEmptyListing.TryGetValue(attemptKey, out var at) ? at : null;

    public void RecordEmptyListing(string attemptKey, DateTimeOffset at) => firstEmptyListing.TryAdd(attemptKey, at);

    public void Forget(string attemptKey) => firstEmptyListing.TryRemove(attemptKey, out _);
}
