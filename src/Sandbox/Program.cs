Console.WriteLine("atlas-restore-sandbox");
