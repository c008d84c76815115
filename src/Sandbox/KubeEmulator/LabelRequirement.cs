namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>One term of a label selector: <c>key=v</c>, <c>key!=v</c>, <c>key in (a,b)</c>, <c>key notin (a,b)</c>, <c>key</c>, <c>!key</c>.</summary>
internal sealed record LabelRequirement(string Key, string Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            "=" or "in" => has && Values.Contains(value!),
            "!=" or "notin" => !has || !Values.Contains(value!),
            "exists" => has,
            "!" => !has,
            _ => false,
        };
    }
}
