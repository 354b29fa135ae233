/**
 * The plot page's only script (inline, no network): zoom with the wheel or the +/- buttons
 * (around the pointer), pan by dragging, `fit` to see it all; and a checkbox that swaps the
 * collapsed grid groups for every grid point.
 */
export const ZOOM_SCRIPT = `
(() => {
  const view = document.querySelector(".plot");
  const stage = document.querySelector(".stage");
  let s = 1, x = 0, y = 0;
  const apply = () => {
    stage.style.transform = "translate(" + x + "px," + y + "px) scale(" + s + ")";
    view.dataset.zoom = s.toFixed(3);
  };
  const zoom = (f, cx, cy) => {
    const n = Math.min(8, Math.max(0.1, s * f));
    x = cx - (cx - x) * (n / s);
    y = cy - (cy - y) * (n / s);
    s = n;
    apply();
  };
  const fit = () => {
    const svg = stage.querySelector(".graph:not([hidden]) svg");
    const w = svg.width.baseVal.value, h = svg.height.baseVal.value;
    s = Math.min(1, view.clientWidth / w, view.clientHeight / h);
    x = (view.clientWidth - w * s) / 2;
    y = 0;
    apply();
  };
  view.addEventListener("wheel", (e) => {
    e.preventDefault();
    const r = view.getBoundingClientRect();
    zoom(e.deltaY < 0 ? 1.2 : 1 / 1.2, e.clientX - r.left, e.clientY - r.top);
  }, { passive: false });
  let drag = null;
  view.addEventListener("pointerdown", (e) => {
    if (e.target.closest("a")) return;
    drag = { px: e.clientX - x, py: e.clientY - y };
    view.setPointerCapture(e.pointerId);
  });
  view.addEventListener("pointermove", (e) => {
    if (!drag) return;
    x = e.clientX - drag.px;
    y = e.clientY - drag.py;
    apply();
  });
  view.addEventListener("pointerup", () => (drag = null));
  for (const b of document.querySelectorAll("[data-zoom]")) {
    b.addEventListener("click", () => {
      const f = b.dataset.zoom;
      if (f === "fit") fit();
      else zoom(Number(f), view.clientWidth / 2, view.clientHeight / 2);
    });
  }
  const all = document.querySelector("#every-point");
  if (all) {
    all.addEventListener("change", () => {
      for (const g of document.querySelectorAll(".graph")) g.hidden = (g.dataset.expanded === "true") !== all.checked;
      fit();
    });
  }
  fit();
})();
`.trim();
