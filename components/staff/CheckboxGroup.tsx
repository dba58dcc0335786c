/** A group of checkboxes under one legend, posted as repeated values of one field name. Works without JavaScript. */
export type CheckboxOption = { value: string; label: string; lang?: string; dir?: string; defaultChecked?: boolean };

export function CheckboxGroup(props: { legend: string; name: string; options: CheckboxOption[] }) {
  return (
    <fieldset className="question">
      <legend>{props.legend}</legend>
      <div className="options">
        {props.options.map((o) => (
          <label className="option" key={o.value}>
            <input type="checkbox" name={props.name} value={o.value} defaultChecked={o.defaultChecked} />
            <span lang={o.lang} dir={o.dir}>
              {o.label}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
