// Iframe mode: everything below goes through MaidSDK (the frame has no network of its own).
MaidSDK.ready(async function () {
  const ctx = MaidSDK.getContext();
  const themePill = document.getElementById("theme");
  const showTheme = (t) => { themePill.textContent = t + " theme"; };
  showTheme(ctx.theme);
  MaidSDK.on("theme", showTheme);

  const total = await MaidSDK.metrics.total("messages_sent", "30d");
  document.getElementById("stat").textContent = total + " messages";

  const page = await MaidSDK.kv.list("active_user:", { limit: 5 });
  const members = document.getElementById("members");
  members.replaceChildren();
  if (page.keys.length === 0) {
    const empty = document.createElement("li");
    empty.className = "maid-empty";
    empty.textContent = "Nobody has talked yet";
    members.append(empty);
  }
  for (const key of page.keys) {
    const li = document.createElement("li");
    li.textContent = key.slice("active_user:".length);
    members.append(li);
  }

  const settings = await MaidSDK.rpc("get_settings", {});
  const form = document.getElementById("settings");
  form.channel_id.value = settings.values.channel_id;
  form.message.value = settings.values.message;

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    // Seed 002's MaidUI sample: inside the frame it travels over the bridge.
    MaidUI.fetchJSON("/p/{plugin_id}/dashboard/rpc/save_settings", {
      method: "POST",
      body: JSON.stringify(MaidUI.serializeForm(form)),
    }).then(() => MaidUI.toast("Saved!", "ok"), (e) => MaidUI.toast(e.message, "error"));
  });
  document.getElementById("to-settings").addEventListener("click", () => MaidSDK.navigateTo("settings"));
  document.getElementById("reset").addEventListener("click", () => {
    MaidUI.confirm("Reset the welcome text?").then((yes) => {
      if (yes) MaidSDK.kv.set("welcome_message", "Welcome!").then(() => { form.message.value = "Welcome!"; MaidUI.toast("Reset", "ok"); });
    });
  });

  MaidSDK.resize(); // follow the content height from now on
});
