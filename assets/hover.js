// Hover or focus a token: outline every token or segment, in every card, that overlaps the
// same bytes of the text. Delegated, so it keeps working when Gradio replaces the cards.
(() => {
  const marked = "itl-hl";
  const clear = () =>
    document.querySelectorAll("." + marked).forEach((el) => el.classList.remove(marked));
  const highlight = (event) => {
    const el = event.target.closest ? event.target.closest(".itl-text [data-b0]") : null;
    if (!el) return;
    clear();
    const b0 = Number(el.dataset.b0), b1 = Number(el.dataset.b1);
    document.querySelectorAll(".itl-text [data-b0]").forEach((other) => {
      const c0 = Number(other.dataset.b0), c1 = Number(other.dataset.b1);
      const overlaps = b1 > b0 ? c0 < b1 && b0 < c1 : c0 <= b0 && b0 < c1;
      if (overlaps || other === el) other.classList.add(marked);
    });
  };
  document.addEventListener("mouseover", highlight);
  document.addEventListener("focusin", highlight);
})();
