namespace AtlasRestoreOperator.Operator.Restore;

/// <summary>A Secret named by namespace and name, e.g. the operator's default credentials Secret.</summary>
public sealed record SecretLocation(string Namespace, string Name)
{
    /// <summary>Parses <c>namespace/name</c>; throws <see cref="FormatException"/> naming what is allowed.</summary>
    public static SecretLocation Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var parts = value.Split('/');
        if (parts.Length != 2 || parts[0].Trim().Length == 0 || parts[1].Trim().Length == 0)
        {
            throw new FormatException($"default secret '{value}' must have the form namespace/name, e.g. atlas-system/atlas-credentials");
        }

        return new SecretLocation(parts[0].Trim(), parts[1].Trim());
    }

    public override string ToString() => $"{Namespace}/{Name}";
}
