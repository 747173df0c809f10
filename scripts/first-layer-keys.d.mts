/** Whether the first layer shows the text of `key`. */
export declare const isFirstLayerKey: (key: string) => boolean;
