using System.Text.Json.Nodes;
using AtlasRestoreOperator.Config.Tests.Support;
using AtlasRestoreOperator.Sandbox.KubeEmulator;

namespace AtlasRestoreOperator.Config.Tests;

/// <summary>What `kubectl apply -k config/default` would create in a user's cluster.</summary>
public sealed class DefaultKustomizationTests(RenderedDefaultConfig config) : IClassFixture<RenderedDefaultConfig>
{
    private const string OperatorNamespace = "atlas-restore-system";
    private const string OperatorName = "atlas-restore-operator";
    private const string LeaderElectionName = "atlas-restore-operator-leader-election";

    private JsonObject Deployment => config.Single("Deployment", OperatorName);

    private JsonObject PodSpec => (JsonObject)Deployment["spec"]!["template"]!["spec"]!;

    private JsonObject Container => (JsonObject)PodSpec["containers"]!.AsArray().Single()!;

    [Fact]
    public void Renders_exactly_the_operator_resources()
    {
        config.Resources.Select(r => $"{RenderedDefaultConfig.KindOf(r)}/{RenderedDefaultConfig.NameOf(r)}")
            .Should().BeEquivalentTo(
            [
                $"Namespace/{OperatorNamespace}",
                "CustomResourceDefinition/atlassharedrestores.atlasrestore.io",
                $"ServiceAccount/{OperatorName}",
                $"ClusterRole/{OperatorName}",
                $"ClusterRoleBinding/{OperatorName}",
                $"Role/{LeaderElectionName}",
                $"RoleBinding/{LeaderElectionName}",
                $"Deployment/{OperatorName}",
            ]);
    }

    [Fact]
    public void Namespaced_resources_live_in_the_operator_namespace_and_cluster_ones_have_none()
    {
        string[] clusterScoped = ["Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding"];
        foreach (var resource in config.Resources)
        {
            var kind = RenderedDefaultConfig.KindOf(resource);
            var expected = clusterScoped.Contains(kind) ? null : OperatorNamespace;
            RenderedDefaultConfig.NamespaceOf(resource).Should().Be(expected, $"{kind}/{RenderedDefaultConfig.NameOf(resource)}");
        }
    }

    [Fact]
    public void Crd_is_the_generated_file_unchanged()
    {
        var checkedIn = YamlJson.ParseAll(File.ReadAllText(
            RepositoryPaths.Of("config/crds/atlasrestore.io_atlassharedrestores.yaml"))).Single();
        var rendered = config.Single("CustomResourceDefinition", "atlassharedrestores.atlasrestore.io");

        JsonNode.DeepEquals(rendered, checkedIn).Should().BeTrue("kustomize must not alter the generated CRD");
    }

    [Fact]
    public void Deployment_runs_one_leader_elected_replica_of_the_released_image()
    {
        Deployment["spec"]!["replicas"]!.GetValue<long>().Should().Be(1);
        Container["image"]!.GetValue<string>().Should().Be("ghcr.io/atlas-restore-operator/atlas-restore-operator:0.1.0");
        Container["args"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Contain("--leader-elect");
        PodSpec["serviceAccountName"]!.GetValue<string>().Should().Be(OperatorName);
        PodSpec["automountServiceAccountToken"]!.GetValue<bool>().Should().BeTrue("the operator talks to the API server in-cluster");
        PodSpec["terminationGracePeriodSeconds"]!.GetValue<long>().Should().Be(15);
    }

    [Fact]
    public void Deployment_selector_matches_its_pod_labels()
    {
        var selector = Deployment["spec"]!["selector"]!["matchLabels"]!.AsObject();
        var podLabels = Deployment["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();

        selector.Should().NotBeEmpty();
        foreach (var (key, value) in selector)
        {
            podLabels[key]?.GetValue<string>().Should().Be(value!.GetValue<string>(), $"selector label {key}");
        }
    }

    [Fact]
    public void Pod_runs_non_root_with_a_read_only_root_and_no_capabilities()
    {
        var pod = PodSpec["securityContext"]!;
        pod["runAsNonRoot"]!.GetValue<bool>().Should().BeTrue();
        pod["runAsUser"]!.GetValue<long>().Should().Be(65532);
        pod["seccompProfile"]!["type"]!.GetValue<string>().Should().Be("RuntimeDefault");

        var container = Container["securityContext"]!;
        container["runAsNonRoot"]!.GetValue<bool>().Should().BeTrue();
        container["runAsUser"]!.GetValue<long>().Should().Be(65532);
        container["allowPrivilegeEscalation"]!.GetValue<bool>().Should().BeFalse();
        container["readOnlyRootFilesystem"]!.GetValue<bool>().Should().BeTrue();
        container["capabilities"]!["drop"]!.AsArray().Select(c => c!.GetValue<string>()).Should().Equal("ALL");
        container["capabilities"]!["add"].Should().BeNull();
        container["seccompProfile"]!["type"]!.GetValue<string>().Should().Be("RuntimeDefault");
        container["privileged"]?.GetValue<bool>().Should().BeFalse();
    }

    [Fact]
    public void Pod_meets_the_restricted_pod_security_standard_its_namespace_enforces()
    {
        config.Single("Namespace", OperatorNamespace)["metadata"]!["labels"]!["pod-security.kubernetes.io/enforce"]!
            .GetValue<string>().Should().Be("restricted");

        foreach (var hostField in new[] { "hostNetwork", "hostPID", "hostIPC" })
        {
            PodSpec[hostField]?.GetValue<bool>().Should().BeFalse(hostField);
        }

        string[] restrictedVolumeSources = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];
        foreach (var volume in PodSpec["volumes"]?.AsArray() ?? [])
        {
            volume!.AsObject().Select(p => p.Key).Where(k => k != "name")
                .Should().AllSatisfy(source => restrictedVolumeSources.Should().Contain(source));
        }

        Container["ports"]!.AsArray().Should().AllSatisfy(port => port!["hostPort"].Should().BeNull());
    }

    [Fact]
    public void Probes_hit_healthz_and_readyz_on_the_health_port()
    {
        var port = Container["ports"]!.AsArray().Single()!;
        port["name"]!.GetValue<string>().Should().Be("health");
        port["containerPort"]!.GetValue<long>().Should().Be(8081, "the operator's default --health-port");

        Container["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>().Should().Be("/healthz");
        Container["livenessProbe"]!["httpGet"]!["port"]!.GetValue<string>().Should().Be("health");
        Container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>().Should().Be("/readyz");
        Container["readinessProbe"]!["httpGet"]!["port"]!.GetValue<string>().Should().Be("health");
    }

    [Fact]
    public void Requests_and_limits_are_small_and_set()
    {
        var resources = Container["resources"]!;
        resources["requests"]!["cpu"]!.GetValue<string>().Should().Be("10m");
        resources["requests"]!["memory"]!.GetValue<string>().Should().Be("48Mi", "above the AOT build's 36 MB idle RSS (docs/benchmarks.md)");
        resources["limits"]!["cpu"]!.GetValue<string>().Should().Be("500m");
        resources["limits"]!["memory"]!.GetValue<string>().Should().Be("128Mi");
    }

    [Fact]
    public void Environment_gives_pod_identity_lease_namespace_and_default_secret()
    {
        var env = Container["env"]!.AsArray().Select(e => e!.AsObject())
            .ToDictionary(e => e["name"]!.GetValue<string>());

        FieldPath(env["POD_NAME"]).Should().Be("metadata.name");
        FieldPath(env["POD_NAMESPACE"]).Should().Be("metadata.namespace");
        FieldPath(env["LEASE_NAMESPACE"]).Should().Be("metadata.namespace", "the Lease Role is granted only in the operator's namespace");

        var defaultSecret = env["ATLAS_DEFAULT_SECRET"]["value"]!.GetValue<string>();
        defaultSecret.Split('/').Should().HaveCount(2, "ATLAS_DEFAULT_SECRET is namespace/name")
            .And.AllSatisfy(part => part.Should().NotBeEmpty());

        static string FieldPath(JsonObject variable) => variable["valueFrom"]!["fieldRef"]!["fieldPath"]!.GetValue<string>();
    }

    [Fact]
    public void Secrets_are_readable_only_by_name()
    {
        var secretVerbs = Rules(config.Single("ClusterRole", OperatorName))["/secrets"];

        secretVerbs.Should().Equal(["get"], "list or watch would expose every Secret in the cluster");
    }

    [Fact]
    public void No_rule_uses_a_wildcard_or_names_resources_it_does_not_need()
    {
        foreach (var role in config.Resources.Where(r => RenderedDefaultConfig.KindOf(r) is "ClusterRole" or "Role"))
        {
            foreach (var rule in role["rules"]!.AsArray())
            {
                foreach (var field in new[] { "apiGroups", "resources", "verbs" })
                {
                    rule![field]!.AsArray().Select(v => v!.GetValue<string>()).Should().NotContain("*");
                }

                rule!["nonResourceURLs"].Should().BeNull();
            }
        }
    }

    [Fact]
    public void Leases_are_granted_only_in_the_operator_namespace()
    {
        var role = config.Single("Role", LeaderElectionName);
        RenderedDefaultConfig.NamespaceOf(role).Should().Be(OperatorNamespace);
        Rules(role).Should().BeEquivalentTo(new Dictionary<string, string[]>
        {
            ["coordination.k8s.io/leases"] = ["get", "create", "update"],
        });
        config.Resources.Where(r => RenderedDefaultConfig.KindOf(r) == "ClusterRole")
            .SelectMany(r => Rules(r).Keys)
            .Should().NotContain(key => key.EndsWith("/leases", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ClusterRoleBinding", OperatorName, "ClusterRole", OperatorName)]
    [InlineData("RoleBinding", LeaderElectionName, "Role", LeaderElectionName)]
    public void Bindings_give_the_role_to_the_operator_service_account(string kind, string name, string roleKind, string roleName)
    {
        var binding = config.Single(kind, name);
        binding["roleRef"]!["kind"]!.GetValue<string>().Should().Be(roleKind);
        binding["roleRef"]!["name"]!.GetValue<string>().Should().Be(roleName);

        var subject = binding["subjects"]!.AsArray().Single()!;
        subject["kind"]!.GetValue<string>().Should().Be("ServiceAccount");
        subject["name"]!.GetValue<string>().Should().Be(OperatorName);
        subject["namespace"]!.GetValue<string>().Should().Be(OperatorNamespace);
    }

    /// <summary>Rules as "apiGroup/resource" to verbs; one entry per pair, so a duplicate grant fails the test.</summary>
    private static Dictionary<string, string[]> Rules(JsonObject role)
    {
        var rules = new Dictionary<string, string[]>();
        foreach (var rule in role["rules"]!.AsArray())
        {
            var verbs = rule!["verbs"]!.AsArray().Select(v => v!.GetValue<string>()).ToArray();
            rule["resourceNames"].Should().BeNull();
            foreach (var group in rule["apiGroups"]!.AsArray().Select(g => g!.GetValue<string>()))
            {
                foreach (var resource in rule["resources"]!.AsArray().Select(r => r!.GetValue<string>()))
                {
                    rules.Add($"{group}/{resource}", verbs);
                }
            }
        }

        return rules;
    }
}
