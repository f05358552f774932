using GoLive.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.Run();

public partial class Program;
