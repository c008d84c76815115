namespace AtlasRestoreOperator.Integration.Tests.Shipping;

/// <summary>One verb on one resource ("plural" or "plural/subresource") of one API group, as a Role's rules grant it.</summary>
public sealed record RbacGrant(string Group, string Resource, string Verb)
{
    public bool Allows(KubeApiCall call) =>
        call is not null && call.Group == Group && call.Resource == Resource && call.Verb == Verb;

    public override string ToString() => $"{(Group.Length == 0 ? "core" : Group)}/{Resource}: {Verb}";
}
