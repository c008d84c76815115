using AtlasRestoreOperator.Entities;
using AtlasRestoreOperator.Integration.Tests.Support;
using AtlasRestoreOperator.Operator.Restore;
using AtlasRestoreOperator.Sandbox.KubeEmulator;
using k8s;
using k8s.Models;

namespace AtlasRestoreOperator.Integration.Tests.Shipping;

/// <summary>
/// config/rbac held to what the operator really sends: the operator runs through a recording proxy while it completes
/// a restore, removes its finalizer on deletion, aggregates a repeated warning Event and keeps its leader Lease, and
/// every call is checked against the ClusterRole and the Lease Role, and every grant against the calls.
/// </summary>
public sealed class RbacUsageTests : IAsyncLifetime
{
    private const string SecretName = "rbac-credentials";

    /// <summary>
    /// Grants kept although the operator sends no matching call, each for a reason stated in config/rbac/role.yaml.
    /// finalizers/update: the operator changes finalizers by a merge PATCH of the restore; the grant is kubebuilder's
    /// scaffold for the OwnerReferencesPermissionEnforcement admission plugin (OpenShift by default), which checks it
    /// before an ownerReference to a restore may set blockOwnerDeletion.
    /// </summary>
    private static readonly RbacGrant[] KeptWithoutACall = [new("atlasrestore.io", "atlassharedrestores/finalizers", "update")];

    private RestoreEnvironment environment = null!;
    private RecordingKubeProxy proxy = null!;

    public async Task InitializeAsync()
    {
        environment = await RestoreEnvironment.StartAsync();
        proxy = await RecordingKubeProxy.StartAsync(environment.Kube.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        await environment.DisposeAsync();
        await proxy.DisposeAsync();
    }

    [Fact]
    public async Task Config_rbac_grants_every_call_the_operator_makes_and_nothing_it_does_not()
    {
        var kubeconfig = proxy.WriteKubeconfig(
            Path.Combine(Path.GetDirectoryName(environment.KubeconfigPath)!, "recorded-kubeconfig"), environment.Kube.BearerToken);
        var instance = environment.StartOperator(leaderElect: true, kubeconfigPath: kubeconfig);

        // A restore from apply to Completed, then deleted: the operator takes its finalizer off.
        await environment.CreateRestoreAsync("rbac-flex", RestoreEnvironment.FlexSpec());
        var done = await environment.WaitForAsync("rbac-flex", r => r.IsTerminal(), TimeSpan.FromSeconds(60));
        done.Status!.Phase.Should().Be(RestorePhase.Completed);
        await environment.DeleteRestoreAsync("rbac-flex");
        await environment.WaitForGoneAsync("rbac-flex");

        // A Secret that goes missing, turns up unusable and goes missing again: the second identical SecretNotFound
        // warning is counted on the first Event (the recorder's PATCH) instead of a new one.
        var spec = RestoreEnvironment.FlexSpec(s => s with { ConnectionSecretRef = new SecretReference { Name = SecretName } });
        await environment.CreateRestoreAsync("rbac-secret", spec);
        await environment.WaitForAsync("rbac-secret", r => StalledFor(r, RestoreReasons.SecretNotFound));
        await environment.CreateSecretAsync(SecretName, new Dictionary<string, string> { ["unrelated"] = "value" });
        await environment.WaitForAsync("rbac-secret", r => r.Has(RestoreCondition.Stalled, "True") && !StalledFor(r, RestoreReasons.SecretNotFound));
        await environment.Client.CoreV1.DeleteNamespacedSecretAsync(SecretName, RestoreEnvironment.Namespace);
        await environment.WaitForEventAsync("rbac-secret", RestoreReasons.SecretNotFound, minimumCount: 2);

        await instance.StopAsync();

        var requests = proxy.Requests;
        requests.Where(r => KubeApiCall.From(r) is null).Select(r => $"{r.Method} {r.Path}")
            .Should().BeEmpty("non-resource URLs would need nonResourceURLs grants, which config/rbac does not give");
        var calls = requests.Select(KubeApiCall.From).OfType<KubeApiCall>().Distinct().ToList();
        var made = "the operator made: " + string.Join("; ", calls);

        var clusterRole = ReadGrants("config/rbac/role.yaml", "ClusterRole");
        var leaseRole = ReadGrants("config/rbac/leader_election_role.yaml", "Role");
        // The Role is bound in the operator's own namespace, which is where the operator keeps its Lease.
        bool InLeaseNamespace(KubeApiCall call) => call.Namespace == RestoreEnvironment.Namespace;

        calls.Where(c => !clusterRole.Any(g => g.Allows(c)) && !(InLeaseNamespace(c) && leaseRole.Any(g => g.Allows(c))))
            .Select(c => c.ToString())
            .Should().BeEmpty("a cluster answers 403 to a call config/rbac does not grant; " + made);

        clusterRole.Where(g => !calls.Any(g.Allows))
            .Concat(leaseRole.Where(g => !calls.Any(c => InLeaseNamespace(c) && g.Allows(c))))
            .Except(KeptWithoutACall)
            .Select(g => g.ToString())
            .Should().BeEmpty("least privilege: config/rbac grants nothing the operator does not use; " + made);
        clusterRole.Should().Contain(KeptWithoutACall, "the grants kept without a call are kept on purpose");
    }

    private static bool StalledFor(AtlasSharedRestore restore, string reason) =>
        restore.Status?.Conditions?.Any(c => c.Type == RestoreCondition.Stalled && c.Status == "True" && c.Reason == reason) == true;

    /// <summary>The grants of the one Role or ClusterRole in a config/rbac file.</summary>
    private static List<RbacGrant> ReadGrants(string relativePath, string kind)
    {
        var role = YamlJson.ParseAll(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), relativePath))).Single()!;
        role["kind"]!.GetValue<string>().Should().Be(kind, relativePath);
        return role["rules"]!.AsArray()
            .SelectMany(rule =>
                from grantGroup in rule!["apiGroups"]!.AsArray()
                from grantResource in rule["resources"]!.AsArray()
                from grantVerb in rule["verbs"]!.AsArray()
                select new RbacGrant(grantGroup!.GetValue<string>(), grantResource!.GetValue<string>(), grantVerb!.GetValue<string>()))
            .ToList();
    }
}
