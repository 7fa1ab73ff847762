import type { RichBlock } from "~/domain/reports/analysis";

/** The problem analysis as the report shows it: paragraphs, sub-headings and lists. */
export function RichText({ blocks }: { blocks: RichBlock[] }) {
  return (
    <div className="rich-text">
      {blocks.map((block, i) => {
        switch (block.type) {
          case "heading":
            return <h3 key={i}>{block.text}</h3>;
          case "paragraph":
            return <p key={i}>{block.text}</p>;
          case "bullets":
            return (
              <ul key={i}>
                {block.items.map((item, j) => (
                  <li key={j}>{item}</li>
                ))}
              </ul>
            );
          case "numbered":
            return (
              <ol key={i}>
                {block.items.map((item, j) => (
                  <li key={j}>{item}</li>
                ))}
              </ol>
            );
        }
      })}
    </div>
  );
}
