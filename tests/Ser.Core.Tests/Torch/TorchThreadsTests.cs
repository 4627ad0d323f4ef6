using Ser.Core.Torch;
using Xunit;
using static TorchSharp.torch;

namespace Ser.Core.Tests.Torch;

[Collection(Support.LibtorchCollection.Name)]
public class TorchThreadsTests
{
    [Fact]
    public void AThreadCountSetOnOneThreadHoldsOnThreadsThatRanLibtorchBefore()
    {
        // A worker that already used libtorch (as thread-pool threads have) must see a later change at Ser.Core's next entry.
        using var requests = new System.Collections.Concurrent.BlockingCollection<TaskCompletionSource<int>>();
        var worker = new Thread(() =>
        {
            foreach (var request in requests.GetConsumingEnumerable())
            {
                TorchRuntime.EnsureInitialized();
                using (var t = ones(8)) t.sum().Dispose();
                request.SetResult(get_num_threads());
            }
        });
        worker.Start();
        int ReadOnWorker()
        {
            var request = new TaskCompletionSource<int>();
            requests.Add(request);
            return request.Task.Result;
        }

        int before = TorchThreads.Count;
        try
        {
            int first = ReadOnWorker();
            TorchThreads.Count = first + 1;
            Assert.Equal(first + 1, ReadOnWorker());
            TorchThreads.Count = 1;
            Assert.Equal(1, ReadOnWorker());
            Assert.Equal(1, TorchThreads.Count);
        }
        finally
        {
            requests.CompleteAdding();
            worker.Join();
            TorchThreads.Count = before;
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => TorchThreads.Count = 0);
    }
}
