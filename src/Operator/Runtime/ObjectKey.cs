namespace AtlasRestoreOperator.Operator.Runtime;

/// <summary>The identity of a namespaced object in the work queue: namespace/name.</summary>
public readonly record struct ObjectKey(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}
