using k8s;

namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Tests;

/// <summary>One emulator shared by the kubectl tests, with the Widget CRD applied through kubectl itself.</summary>
public sealed class KubectlEmulatorFixture : IAsyncLifetime
{
    private readonly string _workDirectory = Directory.CreateTempSubdirectory("kube-emulator-kubectl-").FullName;

    public KubeApiEmulator Emulator { get; private set; } = null!;

    public KubectlRunner Kubectl { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    public KubectlResult CrdApply { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await KubeApiEmulator.StartAsync(new KubeApiEmulatorOptions());
        Kubectl = new KubectlRunner(Emulator, _workDirectory);
        Client = TestClients.For(Emulator);
        CrdApply = await Kubectl.RunAsync("apply", "-f", Kubectl.WriteFile("crd.yaml", Manifests.WidgetCrd));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
        Directory.Delete(_workDirectory, recursive: true);
    }
}
