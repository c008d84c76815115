using System.Text.RegularExpressions;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>The API server's object name rules (k8s.io/apimachinery util/validation): DNS subdomains, and DNS labels for namespaces.</summary>
internal static partial class ObjectNameRules
{
    private const string SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    /// <summary>The problems with <paramref name="name"/> as the real server words them; empty when it is valid.</summary>
    public static IReadOnlyList<string> Problems(string name, bool isNamespace)
    {
        var problems = new List<string>();
        if (isNamespace)
        {
            if (name.Length > 63)
            {
                problems.Add("must be no more than 63 characters");
            }

            if (!Label().IsMatch(name))
            {
                problems.Add(LabelMessage);
            }
        }
        else
        {
            if (name.Length > 253)
            {
                problems.Add("must be no more than 253 characters");
            }

            if (!Subdomain().IsMatch(name))
            {
                problems.Add(SubdomainMessage);
            }
        }

        return problems;
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Label();
}
