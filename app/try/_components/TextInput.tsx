"use client";
/** A text model's input: one text box (two for sentence-similarity); the repo's tokenizer turns them into ids. */
import styles from "../try.module.css";

export function TextInput({
  texts, pair, onText, disabled,
}: {
  texts: [string, string];
  pair: boolean;
  onText: (k: 0 | 1, text: string) => void;
  disabled: boolean;
}) {
  const boxes: (0 | 1)[] = pair ? [0, 1] : [0];
  return (
    <div className={styles.inputBox} data-testid="text-input">
      <p className="small muted">
        {pair ? "Two sentences: the model embeds each and the page shows how close they are (cosine similarity)." : "Your text, split into tokens by the repo's own tokenizer.json."} It stays in your browser.
      </p>
      {boxes.map((k) => (
        <label key={k} className="small" htmlFor={`text-${k}`}>
          {pair ? `Sentence ${k + 1}` : "Text"}
          <textarea id={`text-${k}`} className={styles.editor} value={texts[k]} rows={2} disabled={disabled} data-testid={`text-box-${k}`}
            onChange={(e) => onText(k, e.target.value)} />
        </label>
      ))}
    </div>
  );
}
