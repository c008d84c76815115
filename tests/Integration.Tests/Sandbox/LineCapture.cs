using System.Text;

namespace AtlasRestoreOperator.Integration.Tests.Sandbox;

/// <summary>
/// A thread-safe <see cref="TextWriter"/> that keeps every line written to it and lets a test await a line (already
/// written or still to come) instead of sleeping.
/// </summary>
public sealed class LineCapture : TextWriter
{
    private readonly List<string> lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> waiters = [];
    private readonly StringBuilder partial = new();
    private readonly Lock gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Every complete line so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (gate)
            {
                return lines.ToList();
            }
        }
    }

    /// <summary>Everything written so far, for failure messages.</summary>
    public string Text => string.Join('\n', Lines);

    /// <summary>The first line matching <paramref name="match"/>, whether it was written before this call or after.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            if (lines.FirstOrDefault(match) is { } line)
            {
                found.SetResult(line);
            }
            else
            {
                waiters.Add((match, found));
            }
        }

        return found.Task;
    }

    public override void Write(char value)
    {
        lock (gate)
        {
            Append(value.ToString());
        }
    }

    public override void Write(string? value)
    {
        lock (gate)
        {
            Append(value ?? "");
        }
    }

    public override void WriteLine(string? value)
    {
        lock (gate)
        {
            Append((value ?? "") + "\n");
        }
    }

    // Called under the lock, so a line written by one thread is never cut by another's.
    private void Append(string text)
    {
        foreach (var c in text)
        {
            if (c == '\n')
            {
                var line = partial.ToString().TrimEnd('\r');
                partial.Clear();
                lines.Add(line);
                foreach (var waiter in waiters.Where(w => w.Match(line)).ToList())
                {
                    waiters.Remove(waiter);
                    waiter.Found.TrySetResult(line);
                }
            }
            else
            {
                partial.Append(c);
            }
        }
    }
}
