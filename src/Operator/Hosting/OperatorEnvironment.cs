using System.Collections;

namespace AtlasRestoreOperator.Operator.Hosting;

/// <summary>What configuration is read from besides the command line, so tests can supply their own.</summary>
public sealed record OperatorEnvironment
{
    /// <summary>The in-cluster namespace file of the pod's service account.</summary>
    public const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>The user's home directory (for ~/.kube/config), or null.</summary>
    public string? HomeDirectory { get; init; }

    public Func<string, bool> FileExists { get; init; } = File.Exists;

    /// <summary>Reads a small text file, or returns null when it cannot be read.</summary>
    public Func<string, string?> ReadFile { get; init; } = ReadFileOrNull;

    /// <summary>The current process's environment variables, home directory and file system.</summary>
    public static OperatorEnvironment FromProcess()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                variables[key] = value;
            }
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new OperatorEnvironment { Variables = variables, HomeDirectory = string.IsNullOrEmpty(home) ? null : home };
    }

    /// <summary>The variable's value, or null when it is unset or empty (empty means "not configured").</summary>
    public string? Get(string name) => Variables.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private static string? ReadFileOrNull(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
