using System.Net;
using System.Net.Sockets;

namespace AtlasRestoreOperator.Integration.Tests.Sandbox;

/// <summary>
/// A port that was free a moment ago, for the flags that take a fixed port (<c>--atlas-port</c>, <c>--kube-port</c>):
/// the system picks it for a listener on port 0, which is then released.
/// </summary>
public static class FreePort
{
    public static int Pick()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
