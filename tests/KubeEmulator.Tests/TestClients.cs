using k8s;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Tests;

/// <summary>KubernetesClient pointed at an emulator.</summary>
public static class TestClients
{
    public static Kubernetes For(KubeApiEmulator emulator) =>
        new(new KubernetesClientConfiguration { Host = emulator.BaseUrl.ToString().TrimEnd('/'), AccessToken = emulator.BearerToken });
}
