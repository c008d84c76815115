namespace AtlasRestoreOperator.Sandbox.KubeEmulator;

/// <summary>The built-in kinds the emulator serves without a CRD: enough for the operator and for installing it with kubectl.</summary>
public static class BuiltInResources
{
    public const string CrdKey = "customresourcedefinitions.apiextensions.k8s.io";
    public const string NamespaceKey = "namespaces";

    public static IReadOnlyList<ResourceDefinition> Create() =>
    [
        Define("", "v1", "namespaces", "Namespace", namespaced: false, status: true, shortNames: ["ns"]),
        Define("", "v1", "secrets", "Secret", namespaced: true),
        Define("", "v1", "configmaps", "ConfigMap", namespaced: true, shortNames: ["cm"]),
        Define("", "v1", "events", "Event", namespaced: true, shortNames: ["ev"]),
        Define("", "v1", "serviceaccounts", "ServiceAccount", namespaced: true, shortNames: ["sa"]),
        Define("", "v1", "services", "Service", namespaced: true, status: true, shortNames: ["svc"]),
        Define("", "v1", "pods", "Pod", namespaced: true, status: true, shortNames: ["po"]),
        Define("apps", "v1", "deployments", "Deployment", namespaced: true, status: true, shortNames: ["deploy"]),
        Define("rbac.authorization.k8s.io", "v1", "roles", "Role", namespaced: true),
        Define("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", namespaced: true),
        Define("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", namespaced: false),
        Define("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", namespaced: false),
        Define("coordination.k8s.io", "v1", "leases", "Lease", namespaced: true),
        Define("events.k8s.io", "v1", "events", "Event", namespaced: true, shortNames: ["ev"]),
        Define("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", namespaced: false,
            status: true, shortNames: ["crd", "crds"]) with { RequiresResourceVersionOnUpdate = true },
    ];

    private static ResourceDefinition Define(
        string group, string version, string plural, string kind, bool namespaced, bool status = false, string[]? shortNames = null) =>
        new()
        {
            Group = group,
            Plural = plural,
            Singular = kind.ToLowerInvariant(),
            Kind = kind,
            Namespaced = namespaced,
            ShortNames = shortNames ?? [],
            Versions = [new ResourceVersionInfo(version, status, [], null)],
        };
}
